#!/usr/bin/env python3
"""Write the Typst source of an edition from a directory of Markdown articles.

    md2typ.py CORPUS OUT.typ [--masthead NAME] [--month YYYY-MM] [--single FILE.md]

Each article is a Markdown file with YAML front matter (title, author, date,
source).  The articles dated in --month are set with bench/typst/monthly.typ's
`edition` (cover, contents, two columns), ordered by date and then file name
as folio orders them; with --single, one article with `single` (as folio
print).  The Markdown is converted simply: ATX headings become subheads,
ordered and bullet list items become list items, every other block is a
paragraph, its text escaped so that Typst sets it literally.  This is all the
Markdown that bench's corpus (bench/make_corpus.py) uses.
"""
import argparse
import hashlib
import json
import os
import re
import sys

try:
    import yaml
except ImportError:  # the corpus's front matter is flat key: "value" lines
    yaml = None

# Characters with a meaning in Typst markup; a backslash makes each literal.
SPECIAL = set('\\#$*_`<>@[]~/-+="\'')
CJK = re.compile(r'[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]')


def esc(text):
    out = ''.join('\\' + c if c in SPECIAL else c for c in text)
    return out.replace('...', '\\.\\.\\.')


def string(text):
    """A Typst string literal."""
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def chinese_date(iso):
    m = re.match(r'(\d{4})-(\d{2})-(\d{2})', str(iso))
    return f'{int(m[1])}年{int(m[2])}月{int(m[3])}日' if m else str(iso)


def read_article(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    m = re.match(r'---\n(.*?)\n---\n', text, re.S)
    if not m:
        sys.exit(f'md2typ: {path}: no YAML front matter')
    if yaml:
        meta = yaml.safe_load(m[1]) or {}
    else:
        meta = {}
        for line in m[1].splitlines():
            k, _, v = line.partition(':')
            v = v.strip()
            meta[k.strip()] = json.loads(v) if v.startswith('"') else v
    return meta, text[m.end():], hashlib.sha256(text.encode('utf-8')).hexdigest()


def join_lines(lines):
    """Join a paragraph's lines: no space between two CJK characters."""
    out = ''
    for line in (l.strip() for l in lines):
        if out and line and not (CJK.match(out[-1]) and CJK.match(line[0])):
            out += ' '
        out += line
    return out


def body_markup(md):
    blocks, cur = [], []
    for line in md.splitlines():
        if not line.strip():
            if cur:
                blocks.append(cur)
            cur = []
        elif re.match(r' {0,3}#{1,6}( |$)', line) or re.match(r' {0,3}(\d{1,9}[.)]|[-*+]) ', line):
            if cur:
                blocks.append(cur)
            cur = [line]
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    out = []
    for b in blocks:
        first = b[0].strip()
        h = re.match(r'(#{1,6})(?: +(.*?))?(?: +#+)? *$', first)
        if h and len(b) == 1:
            out.append('=' * max(3, len(h[1]) + 1) + ' ' + esc(h[2] or ''))
            continue
        li = re.match(r'(\d{1,9})[.)] +(.*)', first) or re.match(r'([-*+]) +(.*)', first)
        if li:
            mark = f'{int(li[1])}.' if li[1][0].isdigit() else '-'
            out.append(mark + ' ' + esc(join_lines([li[2]] + b[1:])))
            continue
        out.append(esc(join_lines(b)))
    return '\n\n'.join(out)


def byline(meta):
    parts = []
    if meta.get('author'):
        parts.append(f"文／{meta['author']}")
    if meta.get('source'):
        parts.append(f"来源：{meta['source']}")
    if meta.get('date'):
        parts.append(chinese_date(meta['date']))
    return '　'.join(parts)


def article_call(meta, body, extra=''):
    return (f'#article(title: {string(str(meta.get("title", "")))}, '
            f'byline: {string(byline(meta))}{extra})[\n{body_markup(body)}\n]\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('corpus')
    ap.add_argument('out')
    ap.add_argument('--masthead', default='鄞州新闻')
    ap.add_argument('--month', default='2019-01')
    ap.add_argument('--single', metavar='FILE.md')
    a = ap.parse_args()

    head = '#import "/typst/monthly.typ": *\n\n'
    if a.single:
        meta, body, sha = read_article(a.single)
        rel = os.path.relpath(a.single)
        src = head + (f'#show: single.with(masthead: {string(a.masthead)}, '
                      f'title: {string(str(meta.get("title", "")))})\n\n')
        lines = [f'原始文件：{rel}（UTF-8）', f'SHA-256：{sha}']
        src += article_call(meta, body, ', meta: (' + ', '.join(map(string, lines)) + ',)')
    else:
        arts = []
        for name in sorted(os.listdir(a.corpus)):
            if not name.endswith('.md'):
                continue
            meta, body, _ = read_article(os.path.join(a.corpus, name))
            if str(meta.get('date', '')).startswith(a.month):
                arts.append((str(meta['date']), name, meta, body))
        if not arts:
            sys.exit(f'md2typ: no article of {a.month} in {a.corpus}')
        arts.sort(key=lambda t: (t[0], t[1]))
        y, m = a.month.split('-')
        month = f'{int(y)}年{int(m)}月'
        titles = ', '.join(string(str(t[2].get('title', ''))) for t in arts)
        src = head + (f'#show: edition.with(masthead: {string(a.masthead)}, month: {string(month)},\n'
                      f'  headlines: ({titles},))\n\n#section("综合")\n\n')
        src += '\n'.join(article_call(meta, body) for _, _, meta, body in arts)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(src)


if __name__ == '__main__':
    main()
