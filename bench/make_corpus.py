#!/usr/bin/env python3
"""Deterministic synthetic corpus of Chinese district-news articles (Markdown + front matter).

Usage: make_corpus.py OUTDIR [--n 300] [--seed 20190131] [--debian-text DIR] [--seed-page FILE]

Sentences are recombined from real Chinese text:
  * the seed article, a Ningbo/Yinzhou district news page the repository keeps
    (tests/data/webtext/yinzhou-2019-01-29-dangjian.txt): its body sentences
    and the headlines on the page, and
  * the Simplified-Chinese Debian Reference and Debian FAQ plain-text manuals
    (Debian packages debian-reference-zh-cn, debian-faq-zh-cn, which make deps
    installs).  They are read from --debian-text DIR (files
    debian-reference.zh-cn.txt[.gz], debian-faq.zh-cn.txt[.gz]) or from the
    installed package paths; if neither exists the script fetches the .deb
    files with `apt-get download` (no install) and unpacks them with
    dpkg-deb -x into OUTDIR/.debsrc.
A few template sentences add numbers and Latin tokens (5G, APP, GDP, PM2.5 ...).
ASCII , : ; ( ) ? ! next to CJK text are normalised to full-width forms, as a
typeset news page would have them.  Each article has 1,200-2,500 Chinese
characters in 6-15 paragraphs, two to four "## " headings in about two of
three, and a date in January 2019 (the N articles spread evenly over its 31
days).  Output: OUTDIR/NNN.md, plus OUTDIR/MANIFEST (sha256 over all files;
identical for identical inputs).

This is the generator of the team's benchmark kit (bench/README.md there),
with the seed read from the repository's copy of the page instead of a copy
embedded in the script: for the same seed and Debian texts its MANIFEST is
the same, so figures made with either compare directly.
"""
import argparse, glob, gzip, hashlib, json, os, random, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_PAGE = os.path.join(HERE, '..', 'tests', 'data', 'webtext', 'yinzhou-2019-01-29-dangjian.txt')

def load_seed(path):
    """The seed page's article body (from the line after the ■ byline to the
    "(作者为…)" line) and its headlines: the two links above the title, the
    title, and the news links below the article (from the last • navigation
    item to the 联系我们 footer)."""
    with open(path, encoding='utf-8') as f:
        lines = [l.strip() for l in f.read().split('\n')]
    byline = next(k for k, l in enumerate(lines) if l.startswith('■'))
    end = next(k for k, l in enumerate(lines) if l.startswith('(作者为'))
    body = '\n'.join(l for l in lines[byline + 1:end + 1] if l)
    heads = [lines[1], lines[2], lines[4]]
    last_nav = max(k for k, l in enumerate(lines) if l.startswith('•'))
    for l in lines[last_nav + 1:]:
        if l.startswith('联系我们'): break
        if l: heads.append(l)
    return body, heads

CJK = re.compile(r'[\u4e00-\u9fff]')
def ncjk(s): return len(CJK.findall(s))

def is_cjk(ch): return '\u3000' <= ch <= '\u9fff' or '\uff00' <= ch <= '\uffef'

FW = {',': '，', ':': '：', ';': '；', '(': '（', ')': '）', '?': '？', '!': '！'}
def fullwidth(s):
    out = []
    for i, ch in enumerate(s):
        if ch in FW:
            prev = s[i-1] if i else ''
            nxt = s[i+1] if i + 1 < len(s) else ''
            if (prev and is_cjk(prev)) or (nxt and is_cjk(nxt)):
                ch = FW[ch]
        out.append(ch)
    return ''.join(out)

SPLIT = re.compile(r'[^。！？]*[。！？]+[”’）」』]*|[^。！？]+$')  # closing quotes stay with their sentence
def sentences(par):
    out = [s.strip() for s in SPLIT.findall(par)]
    return [s for s in out if s and s[0] not in '，。、；：？！）”’》」』 ']

BAD = set('/\\$|<>[]{}*_#=~^@&%`"\'()')
def good_doc_sentence(s):
    if not (10 <= len(s) <= 200): return False
    if s.rstrip('”’）」』')[-1:] not in ('。', '！', '？'): return False
    if any(ch in BAD for ch in s): return False
    if ncjk(s) < 0.5 * len(s): return False
    if re.search(r'参见|第 ?\d|表 ?\d|图 ?\d|下面|如下|以下|例子|示例|：$|本文档|本节|本章|译者|FAQ', s): return False
    if re.search(r'[A-Za-z]{25,}', s): return False
    return True

def load_doc_text(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        lines = f.read().split('\n')
    # body paragraphs: runs of lines indented 4-8 spaces (NBSP counted as space) that follow a blank line
    pars, cur, prev_blank = [], None, True
    for l in lines:
        l = l.replace('\xa0', ' ')
        ind = len(l) - len(l.lstrip(' '))
        body = 4 <= ind <= 8 and l.strip() and not re.match(r'\s*[|+$*#-]', l)
        if body and cur is None and prev_blank: cur = []
        if body and cur is not None: cur.append(l.strip())
        elif not body:
            if cur: pars.append(cur)
            cur = None
        prev_blank = not l.strip()
    if cur: pars.append(cur)
    out = []
    for p in pars:
        s = p[0]
        for nxt in p[1:]:
            s += ('' if (is_cjk(s[-1]) or is_cjk(nxt[0])) else ' ') + nxt
        out.append(s)
    return out

def find_debian_text(outdir, given):
    names = ['debian-reference.zh-cn.txt', 'debian-faq.zh-cn.txt']
    roots = ([given] if given else []) + ['/usr/share/debian-reference', '/usr/share/doc/debian/FAQ',
                                          os.path.join(outdir, '.debsrc')]
    found = {}
    for n in names:
        for r in roots:
            hits = glob.glob(os.path.join(r, '**', n + '*'), recursive=True)
            if hits: found[n] = sorted(hits)[0]; break
    if len(found) < 2:
        d = os.path.join(outdir, '.debsrc'); os.makedirs(d, exist_ok=True)
        subprocess.run(['apt-get', 'download', 'debian-reference-zh-cn', 'debian-faq-zh-cn'], cwd=d, check=True)
        for deb in glob.glob(os.path.join(d, '*.deb')):
            subprocess.run(['dpkg-deb', '-x', deb, d], check=True)
        return find_debian_text(outdir, given) if glob.glob(os.path.join(d, '**', names[0] + '*'), recursive=True) else sys.exit('no Debian text')
    return [found[n] for n in names]

SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邵俞'
GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲珊云豪复燕鹏辉红斌宇浩凯晨欣怡嘉琪婷雪峰波'
SOURCES = ['鄞州新闻网', '鄞州日报', '宁波日报', '中国宁波网', '浙江在线', '甬派客户端', '新华社', '人民网']
HEADINGS = ['实施背景', '主要做法', '成效反响', '经验启示', '工作举措', '存在问题', '下一步打算', '基本情况',
            '群众反响', '专家观点', '相关链接', '记者手记', '数据解读', '延伸阅读', '背景资料', '现场直击']
ORGS = ['百丈街道', '首南街道', '钟公庙街道', '区住建局', '区市场监管局', '区卫健局', '划船社区', '区教育局', '区发改局']
APPS = ['甬上办', '浙里办', '鄞领驿站', '智慧鄞州', '平安鄞州']

def template_sentence(r):
    y = r.choice([2018, 2019]); m = r.randint(1, 12)
    t = r.randrange(10)
    if t == 0: return f'截至{y}年{m}月底，全区累计完成重点项目{r.randint(12, 240)}项，总投资{r.randint(5, 400) / 10:.1f}亿元，同比增长{r.randint(3, 35)}.{r.randint(0, 9)}%。'
    if t == 1: return f'该项目总建筑面积约{r.randint(3, 90)}{r.randint(100, 999)}平方米，预计{y + 1}年{m}月投入使用。'
    if t == 2: return f'活动当天共吸引{r.randint(2, 30) * 50}余名市民参与，线上直播观看量超过{r.randint(2, 90)}万人次。'
    if t == 3: return f'据统计，辖区内已建成5G基站{r.randint(20, 600)}个，重点公共区域实现免费WiFi全覆盖。'
    if t == 4: return f'今年以来，{r.choice(ORGS)}通过“{r.choice(APPS)}”APP受理群众诉求{r.randint(100, 9000)}件，办结率达{r.randint(90, 99)}.{r.randint(0, 9)}%。'
    if t == 5: return f'{r.choice(ORGS)}负责人表示，下一步将围绕GDP增速、PM2.5浓度等关键指标开展专项监测。'
    if t == 6: return f'记者从{r.choice(ORGS)}获悉，{m}月{r.randint(1, 28)}日起，相关服务热线0574-8{r.randint(1000000, 9999999)}将实行24小时值守。'
    if t == 7: return f'全年共发放各类补贴{r.randint(100, 5000)}万元，惠及企业{r.randint(10, 900)}家、群众{r.randint(1, 60)}.{r.randint(0, 9)}万人。'
    if t == 8: return f'该平台采用B/S架构，已接入LED显示屏{r.randint(10, 200)}块、AI摄像头{r.randint(50, 900)}路。'
    return f'{r.choice(ORGS)}相关负责人介绍，第{r.randint(1, 4)}季度将新增停车泊位{r.randint(100, 3000)}个，新建“口袋公园”{r.randint(2, 30)}处。'

def clause_title(r, pool):
    while True:
        s = r.choice(pool)
        cl = [c for c in re.split(r'[，,：:；;。！？、“”（）()]', s) if 6 <= len(c) <= 16 and ncjk(c) >= 0.8 * len(c)]
        if cl: return r.choice(cl)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('outdir'); ap.add_argument('--n', type=int, default=300)
    ap.add_argument('--seed', type=int, default=20190131); ap.add_argument('--debian-text')
    ap.add_argument('--seed-page', default=SEED_PAGE)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    SEED_BODY, SEED_HEADLINES = load_seed(a.seed_page)
    seed_pool = [fullwidth(s) for p in SEED_BODY.split('\n') for s in sentences(p) if ncjk(s) >= 8]
    doc_pool = []
    for path in find_debian_text(a.outdir, a.debian_text):
        for p in load_doc_text(path):
            doc_pool += [s for s in sentences(p) if good_doc_sentence(s)]
    doc_pool = sorted(set(doc_pool))
    seed_heads = [fullwidth(h) for h in SEED_HEADLINES if h.strip()]
    r = random.Random(a.seed)
    print(f'seed sentences: {len(seed_pool)}, Debian-doc sentences: {len(doc_pool)}', file=sys.stderr)
    h = hashlib.sha256(); total = 0
    for i in range(a.n):
        target = r.randint(1200, 2500)
        sents, n = [], 0
        while n < target - 20:
            x = r.random()
            s = r.choice(seed_pool) if x < 0.35 else (r.choice(doc_pool) if x < 0.9 else template_sentence(r))
            if n + ncjk(s) > 2500 or s in sents: continue
            sents.append(s); n += ncjk(s)
        npar = min(r.randint(6, 15), len(sents))
        cuts = sorted(r.sample(range(1, len(sents)), npar - 1))
        pars = [''.join(sents[b:e]) for b, e in zip([0] + cuts, cuts + [len(sents)])]
        blocks = list(pars)
        if r.random() < 0.65:
            k = r.randint(2, min(4, npar - 1))
            pos = sorted(r.sample(range(1, npar), k), reverse=True)
            heads = r.sample(HEADINGS, k)
            for p_, hd in zip(pos, heads): blocks.insert(p_, '## ' + hd)
        if r.random() < 0.3: title = r.choice(seed_heads)
        elif r.random() < 0.5: title = clause_title(r, seed_pool + doc_pool) + ' ' + clause_title(r, seed_pool)
        else: title = clause_title(r, seed_pool + doc_pool)
        author = r.choice(SURNAMES) + ''.join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))
        day = 1 + i * 31 // a.n
        date = f'2019-01-{day:02d}'
        src = r.choice(SOURCES)
        q = lambda v: json.dumps(v, ensure_ascii=False)
        fm = f'---\ntitle: {q(title)}\nauthor: {q(author)}\ndate: {q(date)}\nsource: {q(src)}\n---\n\n'
        text = fm + '\n\n'.join(blocks) + '\n'
        fn = os.path.join(a.outdir, f'{i + 1:03d}.md')
        with open(fn, 'w', encoding='utf-8') as f: f.write(text)
        h.update(text.encode()); total += ncjk(''.join(pars))
    with open(os.path.join(a.outdir, 'MANIFEST'), 'w') as f:
        f.write(f'articles {a.n}\nbody_cjk_chars {total}\nsha256 {h.hexdigest()}\n')
    print(f'{a.n} articles, {total} CJK body chars, sha256 {h.hexdigest()[:16]}', file=sys.stderr)

if __name__ == '__main__':
    main()
