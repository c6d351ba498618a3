package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"rsc.io/qr"
)

const maxBody = 1 << 20

// text is a JSON string or number, kept as its text so that amounts stay
// exact ("49.90" and 49.90 both read as 4990 cents).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("%s is not a string or number", b)
	}
	*t = text(n.String())
	return nil
}

// apiOrder is an order as the API takes it: the fields of the orders CSV.
type apiOrder struct {
	OrderID       text     `json:"order_id"`
	CreatedAt     text     `json:"created_at"`
	Revenue       text     `json:"revenue"`
	Currency      string   `json:"currency"`
	DiscountCode  string   `json:"discount_code"`
	DiscountCodes []string `json:"discount_codes"`
	ClickID       string   `json:"click_id"`
	LandingURL    string   `json:"landing_url"`
	CustomerID    text     `json:"customer_id"`
	NewCustomer   *bool    `json:"new_customer"`
	Units         *int64   `json:"units"`
	Refunded      text     `json:"refunded"`
	Source        string   `json:"source"`
	Status        string   `json:"status"`
}

// fieldError is one problem of one item in a request.
type fieldError struct {
	Item    int    `json:"item"`
	Field   string `json:"field,omitempty"`
	Problem string `json:"problem"`
}

// decodeBatch reads one object or an array of them (or {"orders": [...]}).
func decodeBatch[T any](r *http.Request, w http.ResponseWriter, wrapper string) ([]T, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if !utf8.Valid(body) {
		// JSON would read the bad bytes as U+FFFD: two ids that differ
		// only there would become one.
		return nil, errBadRequest("the body is not UTF-8; send UTF-8", nil)
	}
	var items []T
	switch {
	case len(body) > 0 && body[0] == '[':
		err = strictJSON(body, &items)
	case isWrapped(body, wrapper):
		var wrapped map[string]json.RawMessage
		if err = json.Unmarshal(body, &wrapped); err == nil {
			err = strictJSON(wrapped[wrapper], &items)
		}
	default:
		var one T
		err = strictJSON(body, &one)
		items = []T{one}
	}
	if err != nil {
		return nil, errBadRequest("malformed JSON: "+err.Error(), nil)
	}
	if len(items) == 0 {
		return nil, errBadRequest("no items in the request", nil)
	}
	return items, nil
}

// isWrapped reports whether body is an object whose only key is wrapper:
// {"orders": [...]}. A single order that merely mentions the word is not.
func isWrapped(body []byte, wrapper string) bool {
	var top map[string]json.RawMessage
	if len(body) == 0 || body[0] != '{' || json.Unmarshal(body, &top) != nil {
		return false
	}
	_, ok := top[wrapper]
	return ok && len(top) == 1
}

// strictJSON reads exactly one JSON value: unknown fields and anything
// after the value are refused, as a CSV file's stray columns are not.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, maxBody))
	return buf.Bytes(), err
}

func (s *Server) postOrders(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	items, err := decodeBatch[apiOrder](r, w, "orders")
	if err != nil {
		return err
	}
	orders := make([]csvin.Order, 0, len(items))
	var bad []fieldError
	for i, it := range items {
		o, errs := it.order(i+1, ws.Loc)
		bad = append(bad, errs...)
		orders = append(orders, o)
	}
	if len(bad) > 0 {
		return errBadRequest("refused, nothing stored: bad orders", bad)
	}
	res, err := importer.ImportOrders(r.Context(), s.cfg.Store, ws, orders, importer.Options{File: "request", NoLog: true})
	if err := refusal(err); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"received": res.Read, "stored": res.Stored, "updated": res.Updated, "unchanged": res.Unchanged})
	return nil
}

// refusal turns an importer refusal into a 400 listing the items.
func refusal(err error) error {
	var refused *importer.RefusedError
	if !errors.As(err, &refused) {
		return err
	}
	bad := make([]fieldError, len(refused.Errors))
	for i, e := range refused.Errors {
		bad[i] = fieldError{Item: e.Line, Field: e.Column, Problem: e.Problem}
	}
	return errBadRequest("refused, nothing stored", bad)
}

func (o apiOrder) order(item int, loc *time.Location) (csvin.Order, []fieldError) {
	var errs []fieldError
	fail := func(field, problem string) { errs = append(errs, fieldError{item, field, problem}) }
	out := csvin.Order{Line: item, Source: o.Source, ExternalID: strings.TrimSpace(string(o.OrderID)),
		Currency: strings.ToUpper(strings.TrimSpace(o.Currency)), ClickID: strings.TrimSpace(o.ClickID),
		LandingURL: o.LandingURL, Customer: string(o.CustomerID), NewCustomer: o.NewCustomer, Units: 1}
	if out.Source == "" {
		out.Source = "api"
	}
	if out.ExternalID == "" {
		fail("order_id", "required")
	}

	var err error
	if out.Time, err = csvin.ParseTime(string(o.CreatedAt), loc); err != nil {
		fail("created_at", err.Error())
	}
	if out.Revenue, err = money.Parse(string(o.Revenue)); err != nil || out.Revenue < 0 {
		fail("revenue", problem(err, "is negative"))
	}
	if o.Refunded != "" {
		if out.Refunded, err = money.Parse(string(o.Refunded)); err != nil || out.Refunded < 0 || out.Refunded > out.Revenue {
			fail("refunded", problem(err, "must be between 0 and the revenue"))
		}
	}
	if o.Units != nil {
		if *o.Units < 0 {
			fail("units", "is negative")
		}
		out.Units = *o.Units
	}
	if out.Currency != "" && len(out.Currency) != 3 {
		fail("currency", "is not a three-letter code")
	}
	out.Codes = csvin.Codes(append([]string{o.DiscountCode}, o.DiscountCodes...)...)
	if st := strings.TrimSpace(o.Status); st != "" {
		p, ok := csvin.PaymentOf(st)
		if !ok {
			fail("status", fmt.Sprintf("%q is not a payment status (%s)", st, csvin.PaymentStatuses))
		}
		out.Payment, out.Status = p, st
	}

	if out.ClickID == "" && o.LandingURL != "" {
		if u, err := url.Parse(o.LandingURL); err == nil {
			out.ClickID = u.Query().Get("lift_cid")
		}
	}
	return out, errs
}

// checkField holds an API field to the limits of the same CSV column.
func checkField(fail func(field, problem string), field, v string, max int) {
	if err := csvin.CheckText(v, max, true); err != nil {
		fail(field, err.Error())
	}
}

func problem(err error, otherwise string) string {
	if err != nil {
		return err.Error()
	}
	return otherwise
}

// conversionTypes are the goals a conversion may be.
var conversionTypes = map[string]bool{"signup": true, "lead": true, "install": true, "download": true, "other": true}

type apiConversion struct {
	ConversionID text   `json:"conversion_id"`
	Type         string `json:"type"`
	CreatedAt    text   `json:"created_at"`
	Value        text   `json:"value"`
	ClickID      string `json:"click_id"`
	DiscountCode string `json:"discount_code"`
	CustomerID   text   `json:"customer_id"`
	Source       string `json:"source"`
}

func (s *Server) postConversions(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	items, err := decodeBatch[apiConversion](r, w, "conversions")
	if err != nil {
		return err
	}
	var bad []fieldError
	convs := make([]store.Conversion, len(items))
	seen := map[[2]string]int{}
	for i, it := range items {
		fail := func(field, problem string) { bad = append(bad, fieldError{i + 1, field, problem}) }
		c := store.Conversion{Source: it.Source, ExternalID: strings.TrimSpace(string(it.ConversionID)),
			Type: strings.ToLower(strings.TrimSpace(it.Type)), ClickID: it.ClickID,
			Codes:    strings.Join(csvin.Codes(it.DiscountCode), ","),
			Customer: importer.Pseudonym(ws.Salt, string(it.CustomerID))}
		if c.Source == "" {
			c.Source = "api"
		}
		if c.ExternalID == "" {
			bad = append(bad, fieldError{i + 1, "conversion_id", "required"})
		} else if first, dup := seen[[2]string{c.Source, c.ExternalID}]; dup {
			fail("conversion_id", fmt.Sprintf("duplicate conversion %q (first in item %d)", c.ExternalID, first))
		} else {
			seen[[2]string{c.Source, c.ExternalID}] = i + 1
		}
		for _, f := range [][2]string{{"conversion_id", c.ExternalID}, {"source", c.Source}, {"click_id", c.ClickID},
			{"customer_id", string(it.CustomerID)}, {"discount_code", it.DiscountCode}} {
			checkField(fail, f[0], f[1], csvin.MaxID)
		}
		if n := strings.Count(c.Codes, ",") + 1; c.Codes != "" && n > csvin.MaxCodes {
			fail("discount_code", fmt.Sprintf("more than %d codes; at most %d on one conversion", csvin.MaxCodes, csvin.MaxCodes))
		}
		if !conversionTypes[c.Type] {
			bad = append(bad, fieldError{i + 1, "type", "must be signup, lead, install, download or other"})
		}
		if c.Time, err = csvin.ParseTime(string(it.CreatedAt), ws.Loc); err != nil {
			bad = append(bad, fieldError{i + 1, "created_at", err.Error()})
		}
		if it.Value != "" {
			v, err := money.Parse(string(it.Value))
			if err != nil || v < 0 {
				bad = append(bad, fieldError{i + 1, "value", problem(err, "is negative")})
			}
			cents := int64(v)
			c.Value = &cents
		}
		convs[i] = c
	}
	if len(bad) > 0 {
		return errBadRequest("refused, nothing stored: bad conversions", bad)
	}
	tx, err := s.cfg.Store.Begin(r.Context())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	counts := map[string]int{"received": len(convs)}
	for _, c := range convs {
		o, _, err := tx.PutConversion(r.Context(), ws.ID, c)
		if err != nil {
			return err
		}
		counts[[...]string{"unchanged", "stored", "updated"}[o]]++
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, counts)
	return nil
}

type apiLink struct {
	Slug        string `json:"slug"`
	Destination string `json:"destination"`
	Creator     string `json:"creator"`
	Campaign    string `json:"campaign"`
	PostID      string `json:"post_id,omitempty"`
	URL         string `json:"url,omitempty"`
}

func (s *Server) shortURL(r *http.Request, slug string) string {
	base := s.cfg.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return strings.TrimSuffix(base, "/") + "/" + slug
}

func (s *Server) getLinks(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	links, err := importer.ListLinks(r.Context(), s.cfg.Store, ws)
	if err != nil {
		return err
	}
	out := make([]apiLink, len(links))
	for i, l := range links {
		out[i] = apiLink{l.Slug, l.Destination, l.Creator, l.Campaign, l.PostID, s.shortURL(r, l.Slug)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"links": out})
	return nil
}

func (s *Server) postLink(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in apiLink
	if err := strictJSON(body, &in); err != nil {
		return errBadRequest("malformed JSON: "+err.Error(), nil)
	}
	l, err := importer.CreateLink(r.Context(), s.cfg.Store, ws, importer.NewLink{Slug: in.Slug, Destination: in.Destination,
		Creator: in.Creator, Campaign: in.Campaign, PostID: in.PostID})
	if err != nil {
		return errBadRequest(err.Error(), nil)
	}
	// This node redirects at once; the others see the change within a second.
	if err := s.cfg.Tracker.Reload(r.Context()); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiLink{l.Slug, l.Destination, l.Creator, l.Campaign, l.PostID, s.shortURL(r, l.Slug)})
	return nil
}

func (s *Server) linkQR(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	slug := r.PathValue("slug")
	l, ok := s.cfg.Tracker.Lookup(slug)
	if !ok || l.WorkspaceID != ws.ID {
		return errNotFound("no link " + slug + " in this workspace")
	}
	code, err := qr.Encode(s.shortURL(r, slug), qr.M)
	if err != nil {
		return err
	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(code.PNG())
	return nil
}

type apiCodes struct {
	Creator  string `json:"creator"`
	Campaign string `json:"campaign"`
	Pattern  string `json:"pattern"`
	Count    int    `json:"count"`
}

func (s *Server) getCodes(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	list, err := importer.ListCodes(r.Context(), s.cfg.Store, ws)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"codes": list})
	return nil
}

func (s *Server) postCodes(w http.ResponseWriter, r *http.Request, ws store.Workspace) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in apiCodes
	if err := strictJSON(body, &in); err != nil {
		return errBadRequest("malformed JSON: "+err.Error(), nil)
	}
	if in.Count == 0 {
		in.Count = 1
	}
	list, err := importer.GenerateCodes(r.Context(), s.cfg.Store, ws, in.Creator, in.Campaign, in.Pattern, in.Count)
	if err != nil {
		return errBadRequest(err.Error(), nil)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"codes": list})
	return nil
}
