/**
 * Python source run once per worker after Pyodide loads. It defines the record document model
 * (spaCy-like: `.text`, tokens with `.text/.idx/.i`, `doc[a:b]` spans), the import guard, an
 * audit hook that refuses process/network/file-writing operations while user code runs, and the
 * three entry points the worker calls: `_sandbox_prepare(json)`, `_sandbox_batch(json)` and
 * `_sandbox_setup_logs()`. Each returns a JSON string.
 *
 * Outcome encoding per record: `[0, value]` or `[1, reason, message]`.
 */
export const PY_PRELUDE = String.raw`
import sys, json, ast, types, builtins, math, traceback

_STDLIB = frozenset(sys.stdlib_module_names)
_BLOCKED = frozenset({
    'js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip', 'pyodide_http',
    'ctypes', '_ctypes', 'subprocess', '_posixsubprocess', 'socket', '_socket', 'ssl', '_ssl',
    'select', 'selectors', 'multiprocessing', 'threading', '_thread', 'asyncio', 'signal',
    'gc', 'inspect', 'importlib', 'marshal', 'code', 'codeop', 'pty', 'tty', 'termios', 'fcntl',
    'resource', 'mmap', 'webbrowser', 'urllib', 'http', 'ftplib', 'smtplib', 'imaplib', 'poplib',
    'telnetlib', 'socketserver', 'xmlrpc', 'sqlite3', 'shutil', 'tempfile', 'pdb', 'bdb', 'faulthandler',
})
_AVAILABLE_TEXT = (
    "available on record[attr] of a text attribute: .text, str(), len() (tokens), iteration over tokens, "
    "doc[i] (token: .text, .idx, .i), doc[a:b] (span: .text, .start_char, .end_char, .start, .end)"
)

def _unavailable_module(name):
    if name in _STDLIB or name in _BLOCKED:
        return ModuleNotFoundError(f"module '{name}' is not available in the sandbox (no processes, network, files, threads or host access); labeling functions may use the rest of Python's standard library and 'knowledge'")
    return ModuleNotFoundError(f"module '{name}' is not available: functions run on Python's standard library only (no spaCy, numpy, sklearn or other packages) plus 'knowledge' for lookup lists; {_AVAILABLE_TEXT}")

def _unavailable_attr(owner, name, available):
    return AttributeError(f"{owner}.{name} is not available: records are tokenized text, not spaCy documents (no tagger, parser, entities, lemmas or vectors); available on a {owner}: {available}")

class Token:
    __slots__ = ('text', 'idx', 'i', '_doc')
    def __init__(self, text, idx, i, doc):
        self.text = text; self.idx = idx; self.i = i; self._doc = doc
    def __str__(self): return self.text
    def __repr__(self): return self.text
    def __len__(self): return len(self.text)
    def __eq__(self, other): return isinstance(other, Token) and other._doc is self._doc and other.i == self.i
    def __hash__(self): return hash((id(self._doc), self.i))
    def __getattr__(self, name):
        if name.startswith('__'): raise AttributeError(name)
        raise _unavailable_attr('token', name, 'text, idx (character offset), i (token index), str(), len()')

class Span:
    __slots__ = ('_doc', 'start', 'end')
    def __init__(self, doc, start, end):
        self._doc = doc; self.start = start; self.end = end
    @property
    def start_char(self):
        o = self._doc._o
        return o[2 * self.start] if self.start < self.end else (o[2 * self.start] if 2 * self.start < len(o) else len(self._doc.text))
    @property
    def end_char(self):
        return self._doc._o[2 * self.end - 1] if self.start < self.end else self.start_char
    @property
    def text(self): return self._doc.text[self.start_char:self.end_char]
    def __str__(self): return self.text
    def __repr__(self): return self.text
    def __len__(self): return self.end - self.start
    def __iter__(self): return iter(self._doc._tokens()[self.start:self.end])
    def __getitem__(self, k):
        if isinstance(k, slice):
            a, b, step = k.indices(len(self))
            if step != 1: raise ValueError('spans support only step 1')
            return Span(self._doc, self.start + a, self.start + max(a, b))
        return self._doc._tokens()[self.start:self.end][k]
    def __getattr__(self, name):
        if name.startswith('__'): raise AttributeError(name)
        raise _unavailable_attr('span', name, 'text, start_char, end_char, start, end, str(), len(), iteration, span[i]')

class Doc:
    __slots__ = ('text', '_o', '_toks')
    def __init__(self, text, offsets):
        self.text = text; self._o = offsets; self._toks = None
    def _tokens(self):
        if self._toks is None:
            o = self._o; t = self.text
            self._toks = [Token(t[o[2 * i]:o[2 * i + 1]], o[2 * i], i, self) for i in range(len(o) // 2)]
        return self._toks
    def __str__(self): return self.text
    def __repr__(self): return self.text
    def __len__(self): return len(self._o) // 2
    def __iter__(self): return iter(self._tokens())
    def __getitem__(self, k):
        if isinstance(k, slice):
            a, b, step = k.indices(len(self))
            if step != 1: raise ValueError('spans support only step 1')
            return Span(self, a, max(a, b))
        return self._tokens()[k]
    def __getattr__(self, name):
        if name.startswith('__'): raise AttributeError(name)
        raise _unavailable_attr('document', name, 'text, str(), len() (tokens), iteration over tokens, doc[i], doc[a:b]')

# --- guards -----------------------------------------------------------------------------------
_active = [False]
_real_import = builtins.__import__
_knowledge = [None]

def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0:
        top = name.partition('.')[0]
        if top == 'knowledge':
            return _knowledge[0]
        if top in _BLOCKED or top not in _STDLIB:
            raise _unavailable_module(top)
    return _real_import(name, globals, locals, fromlist, level)

_DENIED_EVENTS = frozenset({
    'os.system', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.fork', 'os.forkpty', 'os.kill', 'os.killpg',
    'os.remove', 'os.rename', 'os.rmdir', 'os.mkdir', 'os.chmod', 'os.chown', 'os.truncate', 'os.symlink',
    'os.link', 'os.utime', 'os.putenv', 'os.unsetenv', 'os.chdir', 'os.startfile', 'shutil.rmtree',
    'subprocess.Popen', 'socket.connect', 'socket.bind', 'socket.getaddrinfo', 'socket.__new__',
    'ctypes.dlopen', 'ctypes.dlsym', 'ctypes.cdata', 'sys._getframe', 'sys._current_frames',
    'sys.settrace', 'sys.setprofile', 'sys.addaudithook', 'code.__new__', 'function.__new__',
    'object.__setattr__', 'object.__delattr__', 'webbrowser.open', 'urllib.Request', 'sqlite3.connect',
})
_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000  # O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND

def _audit(event, args):
    if not _active[0]:
        return
    if event in _DENIED_EVENTS:
        if event == 'object.__setattr__' or event == 'object.__delattr__':
            # raised for writes to type/function internals (e.g. __code__, __class__ of types)
            target = args[0] if args else None
            if not isinstance(target, type) and not isinstance(target, types.FunctionType):
                return
        raise PermissionError(f"{event} is not allowed in the sandbox")
    if event == 'open':
        mode = args[1] if len(args) > 1 else 'r'
        flags = args[2] if len(args) > 2 else 0
        if (isinstance(mode, str) and any(c in mode for c in 'wax+')) or (isinstance(flags, int) and flags & _WRITE_FLAGS):
            raise PermissionError('writing files is not allowed in the sandbox')
    elif event == 'import':
        top = str(args[0]).partition('.')[0]
        if top in ('js', 'pyodide_js', '_pyodide_core'):
            raise _unavailable_module(top)

sys.addaudithook(_audit)
# The JS bridge modules stay loaded for Pyodide's own use but are unreachable by import.
for _m in [m for m in sys.modules if m.split('.')[0] in ('js', 'pyodide_js') or m in ('pyodide.code', 'pyodide.ffi', 'pyodide.http', 'pyodide.webloop', 'pyodide._package_loader')]:
    sys.modules.pop(_m, None)

_user_builtins = dict(builtins.__dict__)
_user_builtins['__import__'] = _guarded_import
for _b in ('input', 'breakpoint', 'help', 'exit', 'quit', 'copyright', 'credits', 'license'):
    _user_builtins.pop(_b, None)

# --- logs -------------------------------------------------------------------------------------
class _LogWriter:
    def __init__(self): self.reset(1000, 2000)
    def reset(self, max_lines, max_chars):
        self.lines = []; self.dropped = 0; self.buf = ''; self.cut = False; self.current = -1
        self.max_lines = max_lines; self.max_chars = max_chars
    def write(self, s):
        if not isinstance(s, str): s = str(s)
        self.buf += s
        while '\n' in self.buf:
            line, self.buf = self.buf.split('\n', 1)
            if not self.cut: self._emit(line)
            self.cut = False
        if len(self.buf) > self.max_chars + 64:
            # a line longer than the limit: keep its head, drop the rest of it as it comes
            if not self.cut: self._emit(self.buf)
            self.buf = ''; self.cut = True
        return len(s)
    def _emit(self, line):
        if len(self.lines) >= self.max_lines:
            self.dropped += 1; return
        if len(line) > self.max_chars: line = line[:self.max_chars] + '… (truncated)'
        self.lines.append([self.current, line])
    def flush(self):
        if self.buf: self._emit(self.buf); self.buf = ''
    def take(self):
        self.flush()
        out = {'l': self.lines, 'd': self.dropped}
        self.lines = []; self.dropped = 0
        return out

_log = _LogWriter()

# --- runs -------------------------------------------------------------------------------------
_run = {}

def _find_entry(tree, kind, wanted):
    funcs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    preferred = wanted or ('ac' if kind == 'attribute' else 'lf')
    entry = next((f for f in funcs if f.name == preferred), None)
    if entry is None and not wanted and funcs:
        entry = funcs[0]
    if entry is None:
        names = ', '.join(f.name for f in funcs)
        hint = 'def ac(record):' if kind == 'attribute' else 'def lf(record):'
        found = f'; top-level functions: {names}' if names else ''
        raise ValueError((f'no top-level function "{wanted}"' if wanted else f'no top-level function found: define {hint}') + found)
    if isinstance(entry, ast.AsyncFunctionDef):
        raise ValueError(f'line {entry.lineno}: {entry.name} is async; labeling functions and attributes must be synchronous')
    return entry.name

def _check_imports(tree, knowledge):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or 0) == 0 and node.module:
            top = node.module.partition('.')[0]
            if top == 'knowledge':
                for alias in node.names:
                    if alias.name != '*' and alias.name not in knowledge:
                        avail = ', '.join(knowledge) or 'none'
                        raise ValueError(f'line {node.lineno}: lookup list "{alias.name}" does not exist; available: {avail}')
            elif top in _BLOCKED or top not in _STDLIB:
                raise ValueError(f'line {node.lineno}: {_unavailable_module(top)}')
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition('.')[0]
                if top != 'knowledge' and (top in _BLOCKED or top not in _STDLIB):
                    raise ValueError(f'line {node.lineno}: {_unavailable_module(top)}')

def _describe(v):
    if v is None: return 'None'
    if isinstance(v, str): return 'the str ' + repr(v[:40] + ('…' if len(v) > 40 else ''))
    if isinstance(v, bool): return f'bool {v}'
    if isinstance(v, (int, float)): return f'{type(v).__name__} {v!r}'
    if isinstance(v, (Doc, Span, Token)): return f'a {type(v).__name__} (return .text for its text)'
    return f'a {type(v).__name__}'

def _exc_text(e):
    tb = traceback.extract_tb(e.__traceback__)
    line = next((f.lineno for f in reversed(tb) if f.filename == '<labeling function>'), None)
    text = f'{type(e).__name__}: {e}'
    if len(text) > 2000: text = text[:2000] + '…'
    return text + (f' (line {line})' if line else '')

class _Fail(Exception):
    def __init__(self, reason, message):
        self.reason = reason; self.message = message

def _too_big(n):
    if n > _run['max_chars']:
        raise _Fail('output-limit', f"output of more than {_run['max_chars']} characters")

def _labels(v):
    if isinstance(v, str): return [v]
    if isinstance(v, (list, tuple, set, frozenset)) or isinstance(v, types.GeneratorType):
        out = []; n = 0
        for x in v:
            if not isinstance(x, str): raise _Fail('wrong-type', f'element {len(out)} must be a label name (str), got {_describe(x)}')
            n += len(x) + 3; _too_big(n); out.append(x)
        return out
    raise _Fail('wrong-type', f'expected a list of label names, got {_describe(v)}')

def _spans(v, doc, target):
    if not isinstance(doc, Doc):
        raise _Fail('invalid-span', f'attribute "{target}" is not a text attribute of this record')
    if isinstance(v, (str, bytes, dict)) or not hasattr(v, '__iter__'):
        raise _Fail('wrong-type', f'expected (label, start_token, end_token) tuples (yield them), got {_describe(v)}')
    out = []; n = len(doc); o = doc._o; limit = _run['max_spans']
    for item in v:
        if len(out) >= limit: raise _Fail('output-limit', f'more than {limit} spans')
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise _Fail('wrong-type', f'span {len(out)} must be (label, start_token, end_token), got {_describe(item)}')
        label, s, e = item
        if not isinstance(label, str) or not label: raise _Fail('wrong-type', f"span {len(out)}'s label must be a label name (str), got {_describe(label)}")
        if type(s) is not int or type(e) is not int: raise _Fail('wrong-type', f'span {len(out)} needs int token indices, got {_describe(s)} and {_describe(e)}')
        if s < 0 or e > n or s >= e:
            raise _Fail('invalid-span', f'span {len(out)} ({s}, {e}) is not a non-empty token range of "{target}" ({n} tokens, end exclusive)')
        out.append([label, o[2 * s], o[2 * e - 1]])
    return out

def _attribute(v, t):
    if t in ('TEXT', 'CATEGORY'):
        if not isinstance(v, str): raise _Fail('wrong-type', f'expected a str for a {t} attribute, got {_describe(v)}')
        _too_big(len(v)); return v
    if t == 'INTEGER':
        if type(v) is not int: raise _Fail('wrong-type', f'expected an int for a {t} attribute, got {_describe(v)}')
        if abs(v) > 9007199254740991: raise _Fail('wrong-type', f'the int {v} is too large for an INTEGER attribute (max 2**53 - 1)')
        return v
    if t == 'FLOAT':
        if type(v) not in (int, float) or not math.isfinite(v): raise _Fail('wrong-type', f'expected a finite float for a {t} attribute, got {_describe(v)}')
        return float(v)
    if t == 'BOOLEAN':
        if type(v) is not bool: raise _Fail('wrong-type', f'expected a bool for a {t} attribute, got {_describe(v)}')
        return v
    if t == 'EMBEDDING_LIST':
        if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
            raise _Fail('wrong-type', f'expected a list of str for a {t} attribute, got {_describe(v)}')
        _too_big(sum(len(x) + 3 for x in v)); return list(v)
    raise _Fail('wrong-type', f'unknown attribute type {t}')

def _convert(v, record):
    kind = _run['kind']
    if v is None: return None
    if kind == 'classification':
        if not isinstance(v, str) or not v: raise _Fail('wrong-type', f'the return value must be a label name (str) or None, got {_describe(v)}')
        _too_big(len(v)); return v
    if kind == 'multi-label':
        labels = _labels(v)
        return labels or None
    if kind == 'extraction':
        target = _run['target']
        spans = _spans(v, record.get(target), target)
        return spans or None
    return _attribute(v, _run['attribute_type'])

# --- state between runs ------------------------------------------------------------------------
# A warm interpreter serves many runs. Module globals (stdlib functions swapped, builtins edited,
# fake modules planted) are put back before every run; modules first imported by a previous run
# are dropped so they load fresh. Changing classes and functions is refused by the audit hook.
_pristine = {}
_sys_lists = {name: list(getattr(sys, name)) for name in ('path', 'meta_path', 'path_hooks')}

def _snapshot():
    for name, m in list(sys.modules.items()):
        d = getattr(m, '__dict__', None)
        if isinstance(d, dict):
            _pristine[name] = (m, dict(d))

def _restore():
    for name in [n for n in sys.modules if n not in _pristine]:
        sys.modules.pop(name, None)
    for name, (m, snap) in _pristine.items():
        if sys.modules.get(name) is not m:
            sys.modules[name] = m
        d = m.__dict__
        if len(d) != len(snap) or any(d.get(k, d) is not v for k, v in snap.items()):
            d.clear(); d.update(snap)
    for name, items in _sys_lists.items():
        getattr(sys, name)[:] = items

def _sandbox_prepare(payload):
    p = json.loads(payload)
    _restore()
    _run.clear()
    _log.reset(p['max_log_lines'], p['max_log_chars'])
    knowledge = p['knowledge']
    try:
        tree = ast.parse(p['code'], '<labeling function>')
    except SyntaxError as e:
        return json.dumps({'ok': False, 'message': f'SyntaxError: {e.msg} (line {e.lineno})'})
    try:
        _check_imports(tree, knowledge)
        entry = _find_entry(tree, p['kind'], p.get('entry'))
    except ValueError as e:
        return json.dumps({'ok': False, 'message': str(e)})
    module = types.ModuleType('knowledge', 'lookup lists of the project')
    for name, terms in knowledge.items():
        setattr(module, name, list(terms))
    _knowledge[0] = module
    ns = {'__builtins__': _user_builtins, '__name__': 'labeling_function'}
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _log
    _active[0] = True
    try:
        exec(compile(tree, '<labeling function>', 'exec'), ns)
    except KeyboardInterrupt:
        return json.dumps({'ok': False, 'message': "the code's top level ran over its time limit"})
    except MemoryError:
        return json.dumps({'ok': False, 'message': "the code's top level ran out of memory"})
    except BaseException as e:
        return json.dumps({'ok': False, 'message': f"the code's top level raised {_exc_text(e)}"})
    finally:
        _active[0] = False
        sys.stdout, sys.stderr = old_out, old_err
        _restore()
    fn = ns.get(entry)
    if not callable(fn):
        return json.dumps({'ok': False, 'message': f'{entry} is not a function'})
    _run.update(fn=fn, entry=entry, kind=p['kind'], attribute_type=p.get('attribute_type'), target=p.get('target'),
                text_attrs=frozenset(p['text_attributes']), memory_mb=p['memory_mb'], max_chars=p['max_output_chars'], max_spans=p['max_spans'])
    _restore()
    logs = _log.take()
    return json.dumps({'ok': True, 'entry': entry, 'l': logs['l'], 'd': logs['d']})

def _make_record(data, tokens, text_attrs):
    rec = dict(data)
    for a in text_attrs:
        v = rec.get(a)
        if isinstance(v, str):
            rec[a] = Doc(v, tokens.get(a) or [])
    return rec

def _sandbox_batch(payload):
    p = json.loads(payload)
    fn = _run['fn']; entry = _run['entry']; text_attrs = _run['text_attrs']
    start = p['start']
    out = []
    stop = None
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _log
    try:
      try:
        for i, (data, tokens) in enumerate(p['records']):
            _log.current = start + i
            record = _make_record(data, tokens, text_attrs)
            _active[0] = True
            try:
                out.append([0, _convert(fn(record), record)])
            except KeyboardInterrupt:
                stop = 'timeout'
                break
            except _Fail as f:
                out.append([1, f.reason, f.message])
            except MemoryError:
                out.append([1, 'memory-limit', f"{entry} ran out of memory (MemoryError; limit {_run['memory_mb']} MB)"])
            except RecursionError as e:
                out.append([1, 'error', f'{entry} raised {_exc_text(e)}'])
            except BaseException as e:
                out.append([1, 'error', f'{entry} raised {_exc_text(e)}'])
            finally:
                _active[0] = False
      except KeyboardInterrupt:
        stop = 'timeout'
    finally:
        _active[0] = False
        sys.stdout, sys.stderr = old_out, old_err
        _log.current = -1
    _restore()  # whatever the code swapped in the stdlib (json included) is undone before serializing
    logs = _log.take()
    return json.dumps({'o': out, 'stop': stop, 'l': logs['l'], 'd': logs['d']})

_snapshot()
`;
