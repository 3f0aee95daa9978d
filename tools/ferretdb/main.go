// Command ferretdb-launcher starts an embedded FerretDB v1 (SQLite backend) on a free
// loopback port and prints its MongoDB URI as the first line of stdout.
//
// It exists because `go install github.com/FerretDB/FerretDB/cmd/ferretdb` builds a binary
// that panics at start-up (the module ships without build/version/version.txt), while the
// embeddable package works. The test-database ladder in src/database builds and runs it.
//
// The process stops on SIGINT/SIGTERM or when its stdin closes, so a crashed parent never
// leaves a database behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dataDir := flag.String("data-dir", "", "directory for the SQLite files (required)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb-launcher: -data-dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: bad -log-level: %v\n", err)
		os.Exit(2)
	}

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dataDir + "/",
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	done := make(chan struct{})
	go func() {
		_ = db.Run(ctx)
		close(done)
	}()

	fmt.Println(db.MongoDBURI())

	<-ctx.Done()
	<-done
}
