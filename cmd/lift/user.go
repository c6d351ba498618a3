package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/liftmetrics/lift/internal/progress"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/web"
)

// stdin is where passwords are read from; tests replace it.
var stdin io.Reader = os.Stdin

func cmdUser(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("user")
	email := fs.String("email", "", "the user's e-mail address")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of asking")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	subs := []string{"create", "grant", "password", "list"}
	usage := errors.New("user: usage: lift user create --email E [--password-stdin] [--workspace W] | " +
		"grant --email E --workspace W | password --email E [--password-stdin] | list" + suggestSub(pos, subs...))
	if len(pos) != 1 || !slices.Contains(subs, pos[0]) {
		return usage
	}
	if pos[0] != "list" && *email == "" {
		return fmt.Errorf("user %s: --email is required", pos[0])
	}
	st, ws, err := c.open(ctx, pos[0] == "create" || pos[0] == "grant")
	if err != nil {
		return err
	}
	defer st.Close()
	switch pos[0] {
	case "create":
		pw, err := readPassword(stdout, *fromStdin)
		if err != nil {
			return fmt.Errorf("user create: %w", err)
		}
		u, err := web.CreateUser(ctx, st, *email, pw, ws)
		if errors.Is(err, store.ErrUserExists) {
			return fmt.Errorf("user create: %w (to let them see another workspace: lift user grant --email %s --workspace NAME)", err, store.NormalEmail(*email))
		}
		if err != nil {
			return fmt.Errorf("user create: %w", err)
		}
		fmt.Fprintf(stdout, "user %s created; they can sign in to the dashboard and see workspace %s\n", u.Email, ws.Name)
	case "grant":
		u, _, err := st.UserByEmail(ctx, *email)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("user grant: no user %s (create one with lift user create)", store.NormalEmail(*email))
		}
		if err != nil {
			return err
		}
		if err := st.AddMember(ctx, u.ID, ws.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s can now see workspace %s\n", u.Email, ws.Name)
	case "password":
		return userPassword(ctx, st, *email, *fromStdin, stdout)
	case "list":
		return listUsers(ctx, st, stdout)
	default:
		return usage
	}
	return nil
}

func userPassword(ctx context.Context, st *store.Store, email string, fromStdin bool, stdout io.Writer) error {
	u, _, err := st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("user password: no user %s", store.NormalEmail(email))
	}
	if err != nil {
		return err
	}
	pw, err := readPassword(stdout, fromStdin)
	if err != nil {
		return fmt.Errorf("user password: %w", err)
	}
	hash, err := web.HashPassword(pw)
	if err != nil {
		return fmt.Errorf("user password: %w", err)
	}
	if err := st.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "password of %s changed; their sessions are signed out\n", u.Email)
	return nil
}

func listUsers(ctx context.Context, st *store.Store, stdout io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "email\tcreated\tworkspaces")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, u.CreatedAt.Format("2006-01-02"), strings.Join(u.Workspaces, ", "))
	}
	tw.Flush()
	if len(users) == 1 {
		fmt.Fprintln(stdout, "1 user")
	} else {
		fmt.Fprintf(stdout, "%d users\n", len(users))
	}
	return nil
}

// readPassword takes the password from standard input's first line, or
// asks for it twice on the terminal without echoing it.
func readPassword(prompt io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return "", errors.New("no password on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !progress.IsTerminal(f) {
		return "", errors.New("standard input is not a terminal: pass the password with --password-stdin")
	}
	in := bufio.NewReader(f)
	ask := func(label string) (string, error) {
		fmt.Fprint(prompt, label)
		echo(f, false)
		defer echo(f, true)
		line, err := in.ReadString('\n')
		fmt.Fprintln(prompt)
		return strings.TrimRight(line, "\r\n"), err
	}
	pw, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Password again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the two passwords differ")
	}
	return pw, nil
}

// echo turns the terminal's echo off or on with stty, which every Unix
// has; where it fails the password is read with echo rather than not at
// all.
func echo(f *os.File, on bool) {
	arg := "-echo"
	if on {
		arg = "echo"
	}
	cmd := exec.Command("stty", arg)
	cmd.Stdin = f
	_ = cmd.Run()
}
