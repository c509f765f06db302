#!/usr/bin/env python3
"""Write the baseline's SQL for a corpus of Markdown articles: the same rows
(title, date, author, source, body) that folio stores, as plain INSERTs in
one transaction, into a table `base` -- and, with --trigram, an FTS5 trigram
index `base_fts` over title and body.

usage: corpus_sql.py CORPUS_DIR [--trigram] > out.sql
"""
import os, sys

def q(s):
    return "'" + s.replace("'", "''") + "'"

def main():
    d = sys.argv[1]
    trigram = '--trigram' in sys.argv[2:]
    out = sys.stdout
    out.write("PRAGMA journal_mode=WAL;\n")
    out.write("CREATE TABLE base (id INTEGER PRIMARY KEY, title TEXT, date TEXT, author TEXT, source TEXT, body TEXT);\n")
    out.write("CREATE INDEX base_by_date ON base(date);\n")
    if trigram:
        out.write("CREATE VIRTUAL TABLE base_fts USING fts5(title, body, content='base', content_rowid='id', tokenize='trigram');\n")
    out.write("BEGIN;\n")
    n = 0
    for name in sorted(os.listdir(d)):
        if not name.endswith('.md'):
            continue
        text = open(os.path.join(d, name), encoding='utf-8').read()
        meta, body = {}, text
        if text.startswith('---\n'):
            end = text.index('\n---\n', 4)
            for line in text[4:end].split('\n'):
                k, _, v = line.partition(':')
                meta[k.strip()] = v.strip().strip('"')
            body = text[end + 5:]
        n += 1
        out.write("INSERT INTO base VALUES (%d, %s, %s, %s, %s, %s);\n" % (
            n, q(meta.get('title', '')), q(meta.get('date', '')), q(meta.get('author', '')),
            q(meta.get('source', '')), q(body)))
        if trigram:
            out.write("INSERT INTO base_fts(rowid, title, body) VALUES (%d, %s, %s);\n" % (
                n, q(meta.get('title', '')), q(body)))
    out.write("COMMIT;\n")

main()
