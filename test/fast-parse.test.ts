/**
 * The fast shell parser (src/model/shell/fast-parse.ts) against tree-sitter-bash: wherever it
 * accepts a script, its tree is tree-sitter's, node for node; where tree-sitter-bash reads a
 * construct in a way the fast parser does not model, it gives up.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fastParse, fastParseStop } from '../src/model/shell/fast-parse.js';
import type { SyntaxNode } from '../src/model/shell/syntax.js';
import { loadShellAnalyzer } from '../src/model/shell/index.js';
import { Analysis } from '../src/model/shell/analysis.js';
import { loadBashParser, sameTree, type BashParser, type ParsedScript } from '../src/model/shell/tree-sitter.js';
import { REPO } from './helpers/cli.js';
import { readFileSync } from 'node:fs';
import { sharedCorpusFiles } from './helpers/shared-corpus.js';
import { fixtureRunScripts, randomCaseScript, randomScript, runScripts, seeded } from './helpers/shell-scripts.js';

let parser: BashParser;

before(async function () {
  this.timeout(20000);
  parser = await loadBashParser();
});

/**
 * The tree with every plain `case` pattern typed `extglob_pattern`: tree-sitter-bash's scanner
 * calls one `word`, `extglob_pattern` or `number` by rules of its own (`aa)` a word, `a1)` and
 * `aa|b)` patterns, `1)` a number), the fast parser calls each `extglob_pattern`, and the analysis
 * reads no pattern (the analyses of both trees are compared apart, in compareAll).
 */
function withPatternTypes(node: SyntaxNode, inItem = false): SyntaxNode {
  const pattern = inItem && node.field === 'value' && node.children.length === 0 && (node.type === 'word' || node.type === 'number' || node.type === 'extglob_pattern');
  return {
    type: pattern ? 'extglob_pattern' : node.type,
    field: node.field,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
    isNamed: node.isNamed,
    isMissing: node.isMissing,
    children: node.children.map((child) => withPatternTypes(child, node.type === 'case_item')),
  };
}

function hasCase(node: SyntaxNode): boolean {
  return node.type === 'case_statement' || node.children.some(hasCase);
}

/** The first difference between the two trees, as text, or null when they are the same (case pattern types aside). */
function difference(fast: SyntaxNode, tree: SyntaxNode | undefined, script: string): string | null {
  if (tree && sameTree(withPatternTypes(fast), withPatternTypes(tree))) return null;
  const lines = (node: SyntaxNode | undefined, depth = 0, out: string[] = []): string[] => {
    if (!node) return out;
    out.push(`${'  '.repeat(depth)}${node.field ? `${node.field}: ` : ''}${node.isNamed ? node.type : JSON.stringify(node.type)} [${node.startIndex},${node.endIndex}]`);
    for (const child of node.children) lines(child, depth + 1, out);
    return out;
  };
  const a = lines(fast);
  const b = lines(tree);
  const at = a.findIndex((line, i) => line !== b[i]);
  return `${JSON.stringify(script)}\nfast parser: ${a[at] ?? '(end)'}\ntree-sitter: ${b[at] ?? '(end)'}`;
}

/** Checks every script; returns how many the fast parser accepted. */
function compareAll(scripts: readonly string[]): number {
  let accepted = 0;
  for (const script of scripts) {
    const fast = fastParse(script);
    if (!fast) continue;
    accepted++;
    const tree = parser.parse(script);
    assert.equal(tree?.hasError, false, `tree-sitter finds an error in a script the fast parser accepts: ${JSON.stringify(script)}`);
    const diff = difference(fast, tree?.root, script);
    assert.equal(diff, null, diff ?? '');
    if (tree && hasCase(fast)) {
      // The trees may differ in the types of case patterns: the analysis finds the same on both.
      for (const context of ANALYSIS_CONTEXTS) {
        // Scripts the analysis parses inside it (`sh -c …`) go to tree-sitter in both.
        const onFast = new Analysis({ parse: (text: string): ParsedScript | undefined => (text === script ? { root: fast, hasError: false } : parser.parse(text)) }, script, context).runScript();
        const onTree = new Analysis({ parse: (text: string): ParsedScript | undefined => (text === script ? tree : parser.parse(text)) }, script, context).runScript();
        assert.equal(JSON.stringify(onFast), JSON.stringify(onTree), `the analysis differs on the two trees of ${JSON.stringify(script)}`);
      }
    }
  }
  return accepted;
}

const ANALYSIS_CONTEXTS = [
  { cwd: '/', lookup: () => undefined },
  { cwd: '/var/lib/postgresql', lookup: (name: string) => (name === 'PGDATA' ? '/var/lib/postgresql/data' : name === 'dpkgArch' ? 'amd64' : undefined), home: '/root' },
];

describe('fast shell parser', () => {
  it('builds tree-sitter\'s tree for the RUN scripts of the fixtures it accepts', function () {
    this.timeout(60000);
    const scripts = fixtureRunScripts();
    const accepted = compareAll(scripts);
    assert.ok(scripts.length > 100 && accepted > scripts.length / 2, `${accepted} of ${scripts.length} accepted`);
  });

  it('builds tree-sitter\'s tree for the RUN scripts of the bench corpus it accepts', async function () {
    this.timeout(60000);
    const corpus = (await import(pathToFileURL(join(REPO, 'bench', 'corpus.mjs')).href)) as { dockerfile(seed: number, index: number): string };
    const scripts: string[] = [];
    for (let index = 0; index < 400; index++) scripts.push(...runScripts(corpus.dockerfile(1, index)));
    const accepted = compareAll(scripts);
    // The generated chains hold constructs it leaves to tree-sitter about as often as real files do
    // (bench/corpus.mjs, ODD_STEPS): it takes about 60% of the scripts, 30% of their text.
    assert.ok(accepted > scripts.length * 0.4 && accepted < scripts.length * 0.9, `${accepted} of ${scripts.length} accepted`);
  });

  it('builds tree-sitter\'s tree for the RUN scripts of ../shared/corpus it accepts (real Dockerfiles), when that folder is present', function () {
    this.timeout(120000);
    const files = sharedCorpusFiles();
    if (!files) {
      console.log('    (../shared/corpus is not present: the real scripts were not compared)');
      return;
    }
    const scripts = files.flatMap((file) => runScripts(readFileSync(file, 'utf8')));
    const accepted = compareAll(scripts);
    assert.ok(scripts.length > 1000 && accepted > scripts.length / 2, `${accepted} of ${scripts.length} accepted`);
  });

  it('builds tree-sitter\'s tree for every word of up to five parts it accepts, in three places', function () {
    this.timeout(120000);
    // Plain text (ending in `-` or not), `$NAME`, `${NAME}`, quotes, `$( )` and brackets, in every order.
    const parts = ['a', '/b-', '$V', '.', '${V}', '"x"', '$(b)', ']'];
    const words: string[] = [];
    const grow = (word: string, count: number): void => {
      if (count > 0) words.push(word);
      if (count < 5) for (const part of parts) grow(word + part, count + 1);
    };
    grow('', 0);
    const scripts = words.flatMap((word) => [`touch ${word}`, `X=${word} y`, `a > ${word} && b`]);
    const accepted = compareAll(scripts);
    assert.ok(accepted > scripts.length / 2, `${accepted} of ${scripts.length} accepted`);
    // The word tree-sitter-bash splits at its second `$` (`http://x/$V/w-$` and `V.tar.gz`).
    assert.equal(fastParse('curl http://x/$V/w-$V.tar.gz'), null);
  });

  it('builds tree-sitter\'s tree for every word of up to four parts it accepts, with parameter expansions and positional parameters, in three places', function () {
    this.timeout(120000);
    const parts = ['a', '/b-', '$V', '.', '${V}', '"x"', ']', '${V:-x}', '${V%.*}', '$1', '$@', '${V:-$V}'];
    const words: string[] = [];
    const grow = (word: string, count: number): void => {
      if (count > 0) words.push(word);
      if (count < 4) for (const part of parts) grow(word + part, count + 1);
    };
    grow('', 0);
    const scripts = words.flatMap((word) => [`touch ${word}`, `X=${word} y`, `a > ${word} && b`]);
    const accepted = compareAll(scripts);
    assert.ok(accepted > scripts.length / 2, `${accepted} of ${scripts.length} accepted`);
  });

  it('builds tree-sitter\'s tree for every `${A<op>value}` it accepts, values of up to three characters, in three places', function () {
    this.timeout(300000);
    // The operators it takes and some it leaves; values made of the characters that read differently there.
    const operators = [':-', '-', ':=', '=', ':?', '?', ':+', '+', '%', '%%', '#', '##', ':', '/'];
    const alphabet = ['x', '/', '.', '*', '-', '1', ':', '?', '+', '=', '%', '#', '@', ' ', '$', '}'];
    const values = [''];
    for (let length = 1; length <= 3; length++) for (const value of values.filter((v) => v.length === length - 1)) for (const c of alphabet) values.push(value + c);
    values.push('$B', '${B}', '"q"', "'q'", '$(b)', '$B/c', 'latest', '/var/lib/postgresql/data', 'x-1.2', '*/', '.tar.gz');
    const scripts = operators.flatMap((op) => values.flatMap((v) => [`echo \${A${op}${v}}`, `echo "\${A${op}${v}}"`, `echo x\${A${op}${v}}y`]));
    // Positional parameters (`${1:-}`) in the places where functions use them.
    scripts.push(...operators.flatMap((op) => values.flatMap((v) => [`local f="\${1${op}${v}}"`, `echo \${12${op}${v}}`])));
    const accepted = compareAll(scripts);
    assert.ok(accepted > scripts.length / 4, `${accepted} of ${scripts.length} accepted`);
    for (const script of ['echo ${A:-latest}', 'echo "${A%/php}"', 'echo ${A##*/}', 'echo ${A:-$B}', 'echo ${A:-}', 'echo ${A:+x}']) assert.notEqual(fastParse(script), null, script);
  });

  it('builds tree-sitter\'s tree for every word of up to four parts with a leading minus it accepts, in three places', function () {
    this.timeout(120000);
    // Options with a value glued to them (`--build="$arch"`), and minus signs before digits (numbers there).
    const parts = ['-', '--o=', '-1', 'a', '$V', '"x"', '${V}', '$(b)'];
    const words: string[] = [];
    const grow = (word: string, count: number): void => {
      if (count > 0) words.push(word);
      if (count < 4) for (const part of parts) grow(word + part, count + 1);
    };
    grow('', 0);
    const scripts = words.flatMap((word) => [`touch ${word}`, `X=${word} y`, `a > ${word} && b`]);
    const accepted = compareAll(scripts);
    assert.ok(accepted > scripts.length / 2, `${accepted} of ${scripts.length} accepted`);
    assert.notEqual(fastParse('./configure --build="$gnuArch" --prefix=${P} -DX=$Y'), null);
    assert.equal(fastParse('x -1"y"'), null);
  });

  it('builds tree-sitter\'s tree for every case pattern of up to four characters it accepts, in four places (pattern types aside)', function () {
    this.timeout(120000);
    const alphabet = ['a', 'b', '1', '_', '-', '.', '*', "'", '"', ' ', '('];
    const patterns: string[] = [];
    const grow = (prefix: string): void => {
      if (prefix !== '') patterns.push(prefix);
      if (prefix.length < 4) for (const c of alphabet) grow(prefix + c);
    };
    grow('');
    const scripts = patterns.flatMap((p) => [
      `case $x in ${p}) y ;; esac`,
      `case "$x" in ${p}|zz) y; ;; q) z ;; esac`,
      `case $x in zz | ${p}) y ;;\nesac && w`,
      `case \${x} in\n  ${p} ) mkdir /d;;\n  *) z;;\nesac`,
    ]);
    const accepted = compareAll(scripts);
    assert.ok(accepted > scripts.length / 10, `${accepted} of ${scripts.length} accepted`);
  });

  it('builds tree-sitter\'s tree for 40,000 generated case statements wherever it accepts one (seed 17), pattern types aside', function () {
    this.timeout(120000);
    const random = seeded(17);
    const scripts = Array.from({ length: 40_000 }, () => randomCaseScript(random));
    const accepted = compareAll(scripts);
    assert.ok(accepted > 50 && accepted < 20_000, `${accepted} accepted`);
  });

  it('builds tree-sitter\'s tree for 100,000 generated scripts wherever it accepts one (seed 20261206)', function () {
    this.timeout(120000);
    const random = seeded(20261206);
    const scripts = Array.from({ length: 100_000 }, () => randomScript(random));
    const accepted = compareAll(scripts);
    // Enough accepted that the comparison means something; enough refused that the edges are probed.
    assert.ok(accepted > 5000 && accepted < 50_000, `${accepted} accepted`);
  });

  it('accepts the shapes of real RUN steps', () => {
    const scripts = [
      'set -eux; dpkgArch="$(dpkg --print-architecture)"; case "$dpkgArch" in amd64 | arm64) echo ok ;; *) echo >&2 "error: $dpkgArch"; exit 1 ;; esac',
      "apkArch=\"$(apk --print-arch)\"; case \"$apkArch\" in 'x86_64') url='https://example.invalid/x86_64.tgz'; ;; 'aarch64') url='https://example.invalid/aarch64.tgz'; ;; *) exit 1 ;; esac; wget -O x.tgz \"$url\"",
      '_update_repo() { dpkg-scanpackages . > Packages; apt-get update; }; _update_repo',
      "find /usr -name '*.pyc' -type f -exec bash -c 'for pyc; do dpkg -S \"$pyc\" &> /dev/null || rm -vf \"$pyc\"; done' -- '{}' +",
      'for pyc; do dpkg -S "$pyc" &> /dev/null || rm -vf "$pyc"; done',
      'set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl; rm -rf /var/lib/apt/lists/*',
      'apk add --no-cache tini && pip install --no-cache-dir uvicorn[standard] psycopg[binary]',
      'if [ "$TARGETARCH" = "arm64" ]; then ARCH=aarch64; else ARCH=x86_64; fi && echo "export PATH=/opt/bin:$PATH" >> /etc/profile.d/app.sh',
      'mkdir -p /data && echo seed > /data/seed',
      "sed -i 's/^#\\?\\(listen\\).*/\\1 = '\"'\"'*'\"'\"'/' /etc/app.conf",
      'curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt/x --strip-components=1',
      'set -e\n  mkdir -p /var/lib/app\n  chmod 0750 /var/lib/app\n  touch /etc/app.ready\n',
      'if [ -d /data ]; then\n  chown -R app:app /data\nfi',
      'cmd > /dev/null 2>&1 || true',
      'X=1 Y=${Z} ./configure --prefix=/usr/local && make -j4 && make install',
      'set -eux\nexport GNUPGHOME="$(mktemp -d)"\n# fetch the key\ngpg --batch --recv-keys ABC \\\n\t--keyserver hkps://keys.example.com\nrm -rf "$GNUPGHOME" # done\n',
      'make -j "$(nproc)" && make install && export PATH="/opt/x/bin:$PATH" A B=1',
      'for key in A B; do gpg --recv-keys "$key"; done; for f in *.conf\ndo\n  cp "$f" /etc/app/\ndone',
      "set -eux; if [ -f /etc/x ]; then sed -ri '/\\/usr/d' /etc/x; ! grep -q '/usr' /etc/x; fi; ! [ -d /x ] && a | ! b 2>/dev/null",
      'sed -ri "s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = \'*\'!" /usr/share/postgresql/postgresql.conf.sample; echo "a\\"b\\$c\\\\"',
      "set -eux; { echo 'a.enable=1'; echo 'a.size=128'; } > /etc/app/conf.d/a.ini",
      'set -ex; (cd /opt; ln -s app-*/ app); [ ! -d "$HOME" ]; mkdir -p "$HOME"; test ! -e /opt/x || ln -s /opt/x /x',
      'echo "${APP_SHA256}  ${APP_TARBALL}" | sha256sum -c -',
      './configure --build="$arch" --with-libdir="lib/$multiarch" --enable-checks',
      'gpgconf --kill all || :; : > /var/log/app.log',
      'deps="$(find /usr/local -type f | tr \',\' \'\\n\' | sort -u | xargs -r echo)"; apk add $deps',
      'cd "${PHP_INI_DIR%/php}"; test "$PHP_INI_DIR" != "${PHP_INI_DIR%/php}"; mkdir -p "${PGDATA:-/var/lib/postgresql/data}" "${URL##*/}"',
      'ARCH= ; rustArch=; dpkgArch="${dpkgArch##*-}"; A= B=x ./run "$@" "$1"; local f="$1" g= h',
      'ARCH= OPENSSL_ARCH= && dpkgArch="$(dpkg --print-architecture)"; ./configure $(test "$gnuArch" = \'riscv64-linux-musl\' && echo --without-pcre-jit)',
      'fetch() { local f="$1"; shift; curl -fL -o "$f" "$@"; }; fetch /tmp/x https://example.invalid/x',
      'if ! grep -q x /etc/y; then echo >&2 "error: $x missing"; exit 1; fi; cmd 2>/dev/null a b',
    ];
    for (const script of scripts) assert.notEqual(fastParse(script), null, JSON.stringify(script));
    assert.equal(compareAll(scripts), scripts.length);
  });

  it('gives up where tree-sitter-bash reads a construct its own way', () => {
    const cases: Array<[string, string]> = [
      ['a | b | c && d', 'a pipeline of three reads as `a | (b | c && d)`'],
      ['g | w | x\ns > 1', 'after a pipeline of three a newline and a redirection join the lines'],
      ['r - 2>1', 'a lone `-` before a redirection is dropped'],
      ['x -2>y', '`-2` before `>` is a file descriptor'],
      ['k "$A "', 'whitespace alone in a string is skipped'],
      ['x "a\nb"', 'a newline splits string content'],
      ['[ -f / ]', '`/` alone is an operator inside [ ]'],
      ['[ ~x = "y" ]', '`~` is an operator inside [ ]'],
      ['[ "$A" = arm64 ]', 'an unquoted right side is an extglob pattern'],
      ['A=1 > x', 'an assignment with a redirection'],
      ['_=a', '`_=a` is a word'],
      ['[ "a" == "b" ]\nd >b]', '`==` in a test, which a later `]` can end'],
      ['echo $_ $_x', '`$_` is a special parameter'],
      ['echo ~Z[]$A', '`[]` and `]$` split words'],
      ['h=]/$H x', 'brackets beside an expansion'],
      ['e [ ]', 'a lone `[` joins the words up to `]`'],
      ['A% x', 'a command name with `%`'],
      ['-1 x', 'a command name that is a number'],
      ['v 0x1', 'a hexadecimal number'],
      ['z =~ x', '`=~` starts an operator'],
      ['echo $(date) `date` \\$x', 'command substitution, backticks, escapes'],
      ['cat <<EOF > /x\nhi\nEOF', 'a heredoc'],
      ['for ((i = 0; i < 3; i++)); do a; done', 'an arithmetic for loop'],
      ['while true; do a; done', 'a while loop'],
      ['if a; then b; elif c; then d; fi', 'elif'],
      ['export -n A && echo ${#A} ${A/x/y} ${A:1:2} ${!A}', 'declaration options and other parameter expansions'],
      ['echo ${A:-x y}', 'white space in a default value: a concatenation there'],
      ['echo ${A:-x-1}', 'a name then `-` in a default value: a name and a word there'],
      ['echo ${A##}', '`##` with no pattern: the operator `#` and the pattern `#` there'],
      ['echo ${A%$B}', 'an expansion in a pattern'],
      ['echo ${A:-$B/c}', 'an expansion and text in a default value'],
      ['echo $1x $10', '`$1x` and `$10` are one name there'],
      ['echo a$V$1', '`$1` from a word\'s third part on ends the word before its digit'],
      ['echo $1> x', 'a digit before `>` is a file descriptor'],
      ['A= >x', 'an empty assignment before a redirection'],
      ['test !x', '`!` glued to a word'],
      ['A=1 B=2\nc', 'assignments alone before a newline read on into the next line'],
      ['local A \\\n  \nB=1', 'a line continuation before a line of blanks joins the statements'],
      ['function f { a; }', 'the `function` keyword'],
      ['f ( ) { a; }', 'white space between the parentheses of a function definition'],
      ['f() ( a )', 'a subshell as a function\'s body'],
      ['f() { a; } > /x', 'a redirection after a function\'s body'],
      ['_() { a; }', 'a function named `_` (a special parameter\'s name)'],
      ['case $a in (x) b ;; esac', 'a parenthesis before a case pattern'],
      ['case $a in x) ;; esac', 'an empty case item'],
      ['case $a in x) b ;& y) c ;; esac', '`;&` after a case item'],
      ['case $a in x) b ;;& y) c ;; esac', '`;;&` after a case item'],
      ['case $a in x) b\n;; esac', 'a newline before `;;`'],
      ['case $a in x*) b ;; esac', 'a glob in a case pattern'],
      ['case $a in x) b ;; y) c esac', 'a last case item without `;;`'],
      ['case $a in\n  # c\n  x) b ;;\nesac', 'a comment inside a case statement'],
      ['test a == b', '`==` as an argument'],
      ['a & b', 'background jobs'],
      ['if a; then\n  # c\n  b\nfi', 'a comment inside an if statement'],
      ['echo $(a # c\n)', 'a comment inside $( )'],
      ['b\n\\\nr', 'a line continuation right after a newline joins the lines'],
      ['d\n\\\n', 'a line continuation that ends the script'],
      ['A=1 \\\n\nB=2', 'a line continuation before an empty line joins the statements'],
      ['echo $((1 + 2)) $()', 'arithmetic and an empty substitution'],
      ['export -n A', 'declaration options'],
      ['echo "é"', 'text beyond ASCII'],
      [`${'if a; then '.repeat(80)}b${'; fi'.repeat(80)}`, 'if statements nested deeper than 64'],
      ['', 'an empty script'],
      ['! if a; then b; fi', '`if` after `!` is a command name'],
      ['! ! a', 'a double negation'],
      ['x "a\\ $B"', 'a backslash before a space in a string, which can be skipped'],
      ['x "a\\\nb"', 'a backslash before a newline in a string'],
      ['x "a\rb"', 'a carriage return in a string'],
      ['x -1"y"', 'a number before a string'],
      ['a | b | c && d', 'a pipeline of three before `&&`'],
      ['a | b | c\nd', 'a pipeline of three before a newline'],
      ['a > x | b | c; d', 'a pipeline of three after a redirection'],
      ['[ ! "$a" = "b" ]', '`!` before anything but a unary test'],
      ['{ a; }x', 'text after a closing brace'],
      ['((i++))', 'arithmetic'],
    ];
    for (const [script, why] of cases) {
      assert.equal(fastParse(script), null, `${why}: ${JSON.stringify(script)}`);
      assert.equal(typeof fastParseStop(script), 'number', why);
    }
    assert.equal(fastParseStop('mkdir -p /a'), null);
  });

  it('an analysis on a kept tree-sitter tree finds what one on a new tree finds (scripts seen again)', async function () {
    this.timeout(120000);
    // Without the effects memo: the second pass analyses again, on the kept trees.
    const kept = await loadShellAnalyzer({ treeCacheChars: 64 * 1024, effectsMemoChars: 0 });
    const fresh = await loadShellAnalyzer({ treeCacheChars: 0, effectsMemoChars: 0 });
    const real = sharedCorpusFiles() ?? [];
    // Constructs the fast parser leaves to tree-sitter (case, functions, ${X/…}, heredocs, backticks, while, `&`),
    // writing into a volume path: the comparison holds on a clone without ../shared/corpus too.
    const treeSitterOnly = [
      'case "$1" in (a) mkdir -p /var/lib/postgresql/data ;; *) touch /data/x ;; esac',
      'function f { echo "$1" > /data/log; }; f one; f two',
      'v=/data/app.tar.gz; tar -xzf "$v" -C "${v/.tar.gz/}" && chown -R 1000 "${PGDATA:-$HOME/data}"',
      'for ((i = 0; i < 2; i++)); do cp "$f" /var/lib/postgresql/data/$i; done',
      'mkdir -p "${PGDATA:-/var/lib/postgresql/data}" && chmod 700 "${PGDATA%/}" && cat <<EOF > /data/x\nhi\nEOF',
      'case "$(uname -m)" in x86_64) arch=amd64 ;& *) arch=x ;; esac; curl -o /data/bin-$arch https://example.invalid/x',
      'install_it() ( install -d -o 999 "$1" ); install_it /var/lib/postgresql/data',
      'name=${URL##*/}; wget -O "/data/${name%.zip}.zip" "$URL" && unzip -d /data "/data/${name%.zip}.zip" || echo `date` > /data/failed',
      'set -- /data/a /data/b; for d in "$@"; do mkdir -p "$d" & done',
      'x=${X:-/data}; case $x in /data*) echo ok > "$x/ok" ;; esac',
      'while read -r d; do mkdir -p "/data/${d%/}"; done < /etc/dirs',
      'g() {\n  # wipe\n  rm -rf /data/*\n}; g',
    ];
    const scripts = [...fixtureRunScripts(), ...treeSitterOnly, ...real.flatMap((file) => runScripts(readFileSync(file, 'utf8')))];
    const contexts = [
      { cwd: '/', lookup: () => undefined },
      { cwd: '/var/lib/postgresql', lookup: (name: string) => (name === 'PGDATA' ? '/var/lib/postgresql/data' : undefined), home: '/root' },
    ];
    for (const script of treeSitterOnly) assert.equal(fastParse(script), null, `the fast parser now takes ${script}: pick another construct`);
    let refused = 0;
    // Twice over (the second pass from the cache, where the 64 K limit left the tree), in two contexts.
    for (let pass = 0; pass < 2; pass++) {
      for (const script of scripts) {
        if (pass === 0 && fastParse(script) === null) refused++;
        for (const context of contexts) {
          assert.equal(JSON.stringify(kept.analyzeScript(script, context)), JSON.stringify(fresh.analyzeScript(script, context)), JSON.stringify(script.slice(0, 200)));
        }
      }
    }
    assert.ok(refused > 10, `only ${refused} scripts went to tree-sitter`);
  });

  it('the analysis takes the fast path and falls back to tree-sitter', async () => {
    const analyzer = await loadShellAnalyzer();
    const context = { cwd: '/', lookup: () => undefined };
    const fast = 'mkdir -p /a && touch /a/b';
    const slow = 'case "$A" in (*) mkdir -p /srv/a /srv/b ;; esac';
    assert.notEqual(fastParse(fast), null);
    assert.equal(fastParse(slow), null);
    assert.deepEqual(analyzer.analyzeScript(fast, context).map((e) => [e.kind, e.path]), [['mkdir', '/a'], ['write', '/a/b']]);
    assert.deepEqual(analyzer.analyzeScript(slow, context).map((e) => [e.kind, e.path]), [['mkdir', '/srv/a'], ['mkdir', '/srv/b']]);
  });

  it('`touch /data/$V/x-$V.log` (issue 13: tree-sitter splits the word at its second `$`): the fast parser refuses it, and the analysis finds the write below /data that tree-sitter\'s tree gives', async () => {
    const analyzer = await loadShellAnalyzer();
    const script = 'touch /data/$V/x-$V.log';
    assert.equal(fastParse(script), null);
    const effects = analyzer.analyzeScript(script, { cwd: '/', lookup: () => undefined });
    // One word to the shell: one possible write below /data, no second path (`/V.log`) from the split.
    assert.deepEqual(effects.map((e) => [e.kind, e.path, e.recursive, e.certainty]), [['write', '/data', true, 'possible']]);
  });
});
