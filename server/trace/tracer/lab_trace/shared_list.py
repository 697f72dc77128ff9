# The shared list: list.append/remove/... are C methods, seen only as sys.setprofile "c_call" and
# "c_return" events. A list becomes "shared" once a traced socket is put in it; a name rebound to a
# new list (CLIENTS = [...]) is a rebuild; changes no call showed (del L[i]) are found by comparing.
from .record import _PROGRAM, _bindings, _emit, _holding, _ident, _lists, _next, _numbers, _pending

def _name_of(obj, frame):
    for scope in (frame.f_globals, frame.f_locals):
        for key, value in scope.items():
            if value is obj:
                return key, scope
    me = frame.f_locals.get("self")
    attrs = getattr(me, "__dict__", None)
    if attrs:
        for key, value in attrs.items():
            if value is obj:
                return "self." + key, attrs
    return None, None


def _items(lst):
    return [_numbers.get(id(item), 0) for item in lst]


def _track(lst, frame):
    name, scope = _name_of(lst, frame)
    number = _next("list")
    _lists[id(lst)] = [lst, number, name, lst[:]]
    if scope is not None and scope is not frame.f_locals:
        _bindings.append([scope, name.split(".")[-1], number])
    return _lists[id(lst)]


def _list_event(entry, op, before, line):
    lst = entry[0]
    after = lst[:]
    item = None
    index = None
    for i in range(max(len(before), len(after))):
        a = before[i] if i < len(before) else None
        b = after[i] if i < len(after) else None
        if a is not b:
            index = i
            item = b if len(after) > len(before) else a
            break
    entry[3] = after
    fields = {"list": entry[1], "op": op, "items": _items(after), "holding": _holding()}
    if entry[2]:
        fields["name"] = entry[2]
    if item is not None:
        fields["item"] = _numbers.get(id(item), 0)
        fields["index"] = index
    _emit("list.change", line, fields)


def _check_bindings():
    """A shared list's name rebound to another list (CLIENTS = [...]) is a rebuild of the list."""
    for binding in _bindings:
        scope, key, number = binding
        value = scope.get(key)
        if value.__class__ is not list or id(value) in _lists:
            continue
        old = next((e for e in _lists.values() if e[1] == number), None)
        entry = [value, _next("list"), old[2] if old else key, value[:]]
        _lists[id(value)] = entry
        binding[2] = entry[1]
        fields = {"list": entry[1], "op": "rebuild", "items": _items(value), "holding": _holding(), "name": entry[2]}
        if old:
            fields["replaces"] = number
        _emit("list.change", None, fields)


def _check_contents():
    """Changes no method call showed (del L[i], L[:] = ..., L += ...): seen at the next socket event."""
    busy = None
    for entry in list(_lists.values()):
        if entry[0] != entry[3]:
            # Another thread is inside list.append/remove/... on it: its own event will say so
            # (with the locks it holds); seen from here it would be a change with no lock held.
            if busy is None:
                busy = {id(p[0]) for p in list(_pending.values())}
            if id(entry[0]) not in busy:
                _list_event(entry, "changed", entry[3], None)


_LIST_OPS = frozenset(("append", "remove", "insert", "pop", "clear", "extend", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__"))


def _profile(frame, event, arg):
    if event == "c_call":
        owner = getattr(arg, "__self__", None)
        if owner.__class__ is list and arg.__name__ in _LIST_OPS:
            _pending[_ident()] = (owner, arg.__name__, owner[:])
    elif event == "c_return" or event == "c_exception":
        pending = _pending.pop(_ident(), None)
        if pending is None or event == "c_exception":
            return
        lst, op, before = pending
        entry = _lists.get(id(lst))
        if entry is None or entry[0] is not lst:
            if not any(id(item) in _numbers for item in lst):
                return
            entry = _track(lst, frame)
            entry[3] = before
        _list_event(entry, op, before, frame.f_lineno if frame.f_code.co_filename == _PROGRAM else None)
