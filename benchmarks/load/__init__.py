"""The load benchmark, `make bench-load`: the portal's pages under load in a server set up as in
production (run.py), with its own settings and URLs (settings.py, urls.py), its data (prepare.py),
its clients (locustfile.py), its browser measures (browser.py) and its tables (report.py)."""
