package web

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
)

// uploadTTL bounds how long a previewed file waits for its import.
const uploadTTL = time.Hour

// uploadPattern names the files kept between a preview and its import,
// in the system's temporary directory.
const uploadPattern = "lift-upload-*.csv"

// errUploadGone is a kept file that expired, was imported, cancelled or
// belongs to another session or workspace.
var errUploadGone = errors.New("upload gone")

// upload is a previewed file: where it waits and whose it is.
type upload struct {
	id, session string
	workspace   int64
	kind, file  string
	period      csvin.Period // the days an Associates summary covers, as the form gave them
	path        string
	timer       *time.Timer
}

// uploads keeps previewed files outside the database, in temporary files
// that the import, a cancel, the end of the session or a timer deletes:
// an uploaded file holds customers' e-mails, which must never reach the
// database (its free pages and its WAL would keep them after a delete).
// A preview and its import must reach the same node.
type uploads struct {
	dir string
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*upload // by the SHA-256 of the form's token
}

// newUploads sweeps files left by a process that died. The temporary
// directory is shared by every process of the machine, and another live
// one keeps its files up to its own ttl, the default unless configured
// longer: so only a file older than both that and this process's ttl has
// no owner. Sweeping by a shorter ttl would delete the previews other
// processes are about to import.
func newUploads(ttl time.Duration) *uploads {
	if ttl <= 0 {
		ttl = uploadTTL
	}
	u := &uploads{dir: os.TempDir(), ttl: ttl, m: map[string]*upload{}}
	orphan := max(ttl, uploadTTL)
	old, _ := filepath.Glob(filepath.Join(u.dir, uploadPattern))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > orphan {
			os.Remove(p)
		}
	}
	return u
}

// put keeps data for a session's import and returns the kept file.
func (u *uploads) put(id, session string, workspace int64, kind, file string, period csvin.Period, data []byte) error {
	f, err := os.CreateTemp(u.dir, uploadPattern) // mode 0600: only this user reads it
	if err != nil {
		return fmt.Errorf("keep upload: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("keep upload: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("keep upload: %w", err)
	}
	up := &upload{id: id, session: session, workspace: workspace, kind: kind, file: file, period: period, path: f.Name()}
	u.mu.Lock()
	defer u.mu.Unlock()
	up.timer = time.AfterFunc(u.ttl, func() { u.remove(id) })
	u.m[id] = up
	return nil
}

// get returns a kept file of the session and workspace that uploaded it,
// with its content.
func (u *uploads) get(id, session string, workspace int64) (upload, []byte, error) {
	u.mu.Lock()
	up, ok := u.m[id]
	u.mu.Unlock()
	if !ok || !up.of(session, workspace) {
		return upload{}, nil, errUploadGone
	}
	data, err := os.ReadFile(up.path)
	if errors.Is(err, os.ErrNotExist) {
		return upload{}, nil, errUploadGone
	}
	return *up, data, err
}

func (up *upload) of(session string, workspace int64) bool {
	return up.session == session && up.workspace == workspace
}

// cancel deletes a kept file for the session that uploaded it.
func (u *uploads) cancel(id, session string, workspace int64) {
	u.mu.Lock()
	up, ok := u.m[id]
	u.mu.Unlock()
	if ok && up.of(session, workspace) {
		u.remove(id)
	}
}

// remove deletes a kept file; removing it twice changes nothing.
func (u *uploads) remove(id string) {
	u.mu.Lock()
	up, ok := u.m[id]
	delete(u.m, id)
	u.mu.Unlock()
	if ok {
		up.timer.Stop()
		os.Remove(up.path)
	}
}

// removeSession deletes every file a session left, at sign-out.
func (u *uploads) removeSession(session string) {
	u.mu.Lock()
	var ids []string
	for id, up := range u.m {
		if up.session == session {
			ids = append(ids, id)
		}
	}
	u.mu.Unlock()
	for _, id := range ids {
		u.remove(id)
	}
}
