-- A folio archive at schema version 1 (no search index), for the upgrade test.
-- The body is a Zstandard frame (zstd --patch-from the original) of: 这是旧版 folio 存下的一篇文章，升级以后也要能找到。
PRAGMA application_id = 1181707369;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE originals (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  filename TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  ingested TEXT NOT NULL,
  storage TEXT NOT NULL CHECK (storage IN ('raw', 'zstd')),
  data BLOB NOT NULL
);
CREATE TRIGGER originals_immutable BEFORE UPDATE ON originals
BEGIN SELECT RAISE(ABORT, 'originals are never modified'); END;
CREATE TRIGGER originals_kept BEFORE DELETE ON originals
BEGIN SELECT RAISE(ABORT, 'originals are never deleted'); END;
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL DEFAULT 1,
  published TEXT,
  pub_date TEXT,
  title TEXT NOT NULL,
  subtitle TEXT,
  authors TEXT NOT NULL DEFAULT '[]',
  contributors TEXT NOT NULL DEFAULT '[]',
  editor TEXT,
  source TEXT,
  section TEXT,
  url TEXT,
  correction TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  body BLOB NOT NULL,
  chars INTEGER NOT NULL,
  lossy INTEGER NOT NULL DEFAULT 0,
  content_sha256 TEXT NOT NULL,
  original_id INTEGER NOT NULL REFERENCES originals(id),
  created TEXT NOT NULL,
  ingested TEXT NOT NULL
);
CREATE INDEX articles_by_date ON articles(pub_date, published);
CREATE INDEX articles_by_section ON articles(section, pub_date);
CREATE INDEX articles_by_content ON articles(content_sha256);
CREATE TABLE revisions (
  article_id INTEGER NOT NULL REFERENCES articles(id),
  revision INTEGER NOT NULL,
  published TEXT, pub_date TEXT, title TEXT NOT NULL, subtitle TEXT,
  authors TEXT NOT NULL, contributors TEXT NOT NULL, editor TEXT, source TEXT,
  section TEXT, url TEXT, correction TEXT, tags TEXT NOT NULL,
  body BLOB NOT NULL, chars INTEGER NOT NULL, lossy INTEGER NOT NULL,
  content_sha256 TEXT NOT NULL,
  original_id INTEGER NOT NULL REFERENCES originals(id),
  ingested TEXT NOT NULL,
  superseded TEXT NOT NULL,
  PRIMARY KEY (article_id, revision)
);
CREATE INDEX revisions_by_content ON revisions(content_sha256);
CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are never modified'); END;
INSERT INTO originals VALUES (1, 'e6e04b3147ec8aaf9906300ab6e3c0efe66bcfa4a6f6dbc65e3ccb36ae6d8966', 132, 'old/2018-12-30.md', 'markdown', 'UTF-8', '2018-12-31T01:00:00Z', 'raw', X'2d2d2d0a7469746c653a20e697a7e78988e6a1a3e6a188e9878ce79a84e69687e7aba00a646174653a20323031382d31322d33300a2d2d2d0a0ae8bf99e698afe697a7e7898820666f6c696f20e5ad98e4b88be79a84e4b880e7af87e69687e7aba0efbc8ce58d87e7baa7e4bba5e5908ee4b99fe8a681e883bde689bee588b0e380820a');
INSERT INTO articles (id, identity, revision, published, pub_date, title, authors, contributors, tags, body, chars, lossy, content_sha256, original_id, created, ingested) VALUES (1, 'title:2018-12-30::旧版档案里的文章', 1, '2018-12-30', '2018-12-30', '旧版档案里的文章', '[]', '[]', '[]', X'28b52ffd244a3d0000000100d7a00108c346034a', 26, 0, '9af381bb181fe640796eae2a70086a465801aee760a2ee54b0ec1128ccf46415', 1, '2018-12-31T01:00:00Z', '2018-12-31T01:00:00Z');
PRAGMA user_version = 1;
