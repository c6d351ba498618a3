package csvin

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCodes(t *testing.T) {
	in := excel(`Campaign,notes,CODE,Creator
Summer Launch,"for stories, and
reels", ana10 ,@Ana
Summer Launch,,BEN-15_x,ben_fit
`)
	got, errs, err := ParseCodes(strings.NewReader(in), opts("codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Code{
		{Line: 2, Code: "ANA10", Creator: "ana", Campaign: "Summer Launch"},
		{Line: 4, Code: "BEN-15_X", Creator: "ben_fit", Campaign: "Summer Launch"},
	})
}

func TestParseCodesErrors(t *testing.T) {
	in := `code,creator,campaign
ANA10,ana,S
ana10,ben,S
ANA 20,ana,S
,ana,S
X1,,S
X2,ana,
` + strings.Repeat("A", 65) + `,ana,S
`
	got, errs, err := ParseCodes(strings.NewReader(in), opts("codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`codes.csv: line 3: code: duplicate code "ANA10" (first on line 2)`,
		`codes.csv: line 4: code: "ANA 20" is not a code (1 to 64 letters, digits, - or _)`,
		`codes.csv: line 5: code: required field is empty`,
		`codes.csv: line 6: creator: required field is empty`,
		`codes.csv: line 7: campaign: required field is empty`,
		`codes.csv: line 8: code: "`+strings.Repeat("A", 65)+`" is not a code (1 to 64 letters, digits, - or _)`,
	)
	checkRecords(t, got, []Code{{Line: 2, Code: "ANA10", Creator: "ana", Campaign: "S"}})
}

func TestParseCodesMissingColumn(t *testing.T) {
	got, errs, err := ParseCodes(strings.NewReader("code,creator\n"), opts("codes.csv"))
	checkFatal(t, got, errs, err, `codes.csv: line 1: missing required column "campaign"`)
}

func TestOrderCodes(t *testing.T) {
	for in, want := range map[string][]string{
		`""`:                      nil,
		`" , "`:                   nil,
		`ana10`:                   {"ANA10"},
		`"ANA10, SUMMER5"`:        {"ANA10", "SUMMER5"},
		`"ana10,Summer5 ,ANA10,"`: {"ANA10", "SUMMER5"},
		`"çode1, ÇODE1"`:          {"ÇODE1"},
	} {
		tb, err := newTable(strings.NewReader("discount_code,x\n"+in+",x\n"), Options{}, "t.csv", []column{{"discount_code", false}})
		if err != nil {
			t.Fatal(err)
		}
		if more, err := tb.next(); !more || err != nil {
			t.Fatal(more, err)
		}
		if got := tb.codes(0); !reflect.DeepEqual(got, want) {
			t.Errorf("codes(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCreatorReferenceWithPlatform(t *testing.T) {
	recs, errs, err := ParseCodes(strings.NewReader("code,creator,campaign\nANA1,@Ana/TikTok,Spring\nANA2,ana/myspace,Spring\n"), Options{File: "codes.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Creator != "ana/tiktok" {
		t.Errorf("records = %+v", recs)
	}
	if len(errs) != 1 || errs[0].Line != 3 || errs[0].Column != "creator" {
		t.Errorf("errors = %v", errs)
	}
}

func TestCodes(t *testing.T) {
	got := Codes(" ana10, Summer5 ,,", "ANA10", "", "x1")
	if strings.Join(got, "|") != "ANA10|SUMMER5|X1" {
		t.Errorf("Codes = %q", got)
	}
	if Codes("", " , ") != nil {
		t.Error("no code must be nil")
	}
}
