#!/usr/bin/env python3
"""bench/summary.py OUT: the one table of `make bench`.

Reads what bench/run, bench/edition and bench/snapshot left in OUT (the
bench/out directory) during this run:
  summary.env          KEY=VALUE lines, one per figure, appended as measured
  search-N.md          search_bench's table for the N-article corpus
  shares-N.tsv         query <TAB> share of the N articles containing it (%)
  decode.md            decode_bench's rows
and prints a Markdown table: each measurement, folio's figure, the
baseline's from the same run, and how they compare.  A figure a stage did
not produce (a stage that was skipped or failed) shows as "not measured".
"""
import os
import statistics
import sys


def load_env(path):
    env = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    env[key] = value
    return env


def md_rows(path):
    """The cells of each data row of the Markdown table(s) in path."""
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|") or line.startswith("| ---"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows.append(cells)
    return rows


def num(s):
    return float(s.replace(",", ""))


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def main():
    out = sys.argv[1]
    env = load_env(os.path.join(out, "summary.env"))
    rows = []  # (measurement, folio, baseline, comparison)
    missing = "not measured"

    sizes = sorted({int(k.split("_")[-1]) for k in env if k.startswith("ingest_rate_")})
    for n in sizes:
        f, b = env.get(f"ingest_rate_{n}"), env.get(f"ingest_base_rate_{n}")
        if f and b:
            rows.append((f"ingest, {fmt(n)} articles (articles/s)", fmt(num(f)),
                         f"{fmt(num(b))} (sqlite3 shell, rows + FTS5 trigram, one transaction)",
                         f"{num(f) / num(b):.2f} ×"))
    if sizes:
        n = sizes[-1]
        f, b = env.get(f"size_{n}"), env.get(f"size_base_{n}")
        if f and b:
            rows.append((f"archive size, {fmt(n)} articles (× the input)", f"{f} (originals included)",
                         f"{b} (the trigram table, no originals)", f"{num(f) / num(b):.2f} ×"))
        # Search: queries in fewer than half the articles (the targets' case),
        # then those in most.
        shares = {}
        path = os.path.join(out, f"shares-{n}.tsv")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    q, _, s = line.rstrip("\n").partition("\t")
                    shares[q] = float(s)
        table = md_rows(os.path.join(out, f"search-{n}.md"))
        # | query | folio hits | folio median | folio p95 | ranked | base hits | base median | base p95 |
        data = [r for r in table if len(r) >= 8 and r[0] != "query" and r[0] in shares]
        for label, pick in (("in under half the articles", lambda s: s < 50),
                            ("in half or more", lambda s: s >= 50)):
            sel = [r for r in data if pick(shares[r[0]]) and shares[r[0]] > 0]
            if not sel:
                continue
            fm = [num(r[2]) for r in sel]
            fp = [num(r[3]) for r in sel]
            bm = [num(r[6]) for r in sel]
            rows.append((f"search, {fmt(n)} articles, top 20 with snippets, {len(sel)} queries {label} (ms)",
                         f"median {min(fm):.1f}–{max(fm):.1f}, p95 ≤ {max(fp):.1f}",
                         f"median {min(bm):.1f}–{max(bm):.1f} (FTS5 trigram; under 3 characters "
                         "a LIKE scan, first 20 rows unranked)",
                         f"median of medians {statistics.median(fm):.1f} ms vs "
                         f"{statistics.median(bm):.1f} ms"))
    else:
        rows.append(("ingest and search", missing, missing, ""))

    dec = md_rows(os.path.join(out, "decode.md"))
    base = [r for r in dec if r[0].startswith("baseline")]
    ours = [r for r in dec if r[0].startswith("**folio")]
    if base and ours:
        rows.append(("decode GB18030 → UTF-8 (MB/s)", ours[0][2], f"{base[0][2]} (iconv(1))",
                     f"{num(base[0][1]) / num(ours[0][1]):.2f} × iconv's speed"))
    else:
        rows.append(("decode GB18030 → UTF-8", missing, missing, ""))

    if "edition_s" in env:
        folio = (f"{env['edition_s']} s, {env['edition_rss']} MiB peak, {env['edition_pages']} pages, "
                 f"{env['edition_mb']} MiB PDF")
        if env.get("edition_lines"):
            folio += (f"; of {fmt(num(env['edition_lines']))} lines {env.get('edition_clreq', '?')} break clreq, "
                      f"{env.get('edition_loose', '?')} loose (gaps over ¼ em), "
                      f"{env.get('edition_hyphenated', '?')} hyphenated")
        if env.get("edition_bbox_lines"):
            folio += (f"; pdftotext finds {fmt(num(env['edition_bbox_lines']))} lines, "
                      f"{env.get('edition_bbox_clreq', '?')} breaking clreq")
        if "typst_s" in env:
            base = (f"{env['typst_s']} s, {env['typst_rss']} MiB, {env['typst_pages']} pages, "
                    f"{env['typst_mb']} MiB (Typst {env.get('typst_version', '')})")
            cmp = (f"{num(env['typst_s']) / num(env['edition_s']):.1f} × faster, "
                   f"{num(env['typst_rss']) / num(env['edition_rss']):.1f} × less memory, "
                   f"{num(env['typst_mb']) / num(env['edition_mb']):.1f} × smaller")
        else:
            base, cmp = f"Typst not measured: {env.get('typst_error', '')}", ""
        rows.append((f"edition, {env.get('edition_articles', '300')} articles, A4 two columns",
                     folio, base, cmp))
    else:
        rows.append(("edition", missing, missing, ""))

    if "verify_mbps" in env:
        rows.append((f"verify a snapshot ({env['bag_mb']} MB, SHA-256 + SHA-512) (MB/s)", env["verify_mbps"],
                     f"{env['sha256_mbps']} (sha256sum alone); {env['both_mbps']} (sha256sum + sha512sum)",
                     f"{num(env['verify_mbps']) / num(env['sha256_mbps']):.2f} × sha256sum"))
        rows.append((f"snapshot of the month ({env['bag_mb']} MB bag) (MB/s)", env["snapshot_mbps"],
                     f"{env['sha256_mbps']} (sha256sum over the same files)",
                     f"{num(env['snapshot_mbps']) / num(env['sha256_mbps']):.2f} × sha256sum "
                     "(it typesets a PDF per article)"))
    else:
        rows.append(("snapshot and verify", missing, missing, ""))

    if "serve_search_p95_ms" in env:
        rows.append((f"reading room at {int(env['serve_n']):,} articles, 16 clients, ingest beside: "
                     "search page p95 (ms)", env["serve_search_p95_ms"],
                     f"{env['serve_cli_search_ms']} (folio search 百丈, a process each)",
                     "target ≤ 50"))
        rows.append(("reading room: article page p95 (ms)", env["serve_article_p95_ms"], "—",
                     "target ≤ 10"))
    else:
        rows.append(("reading room under load", missing, missing, ""))

    print("| measurement | folio | baseline, same run | folio vs baseline |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
