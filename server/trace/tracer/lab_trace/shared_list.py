# The shared list: list.append/remove/... are C methods, seen only as sys.setprofile "c_call" and
# "c_return" events. A list becomes "shared" once a traced socket is put in it; a name rebound to a
# new list (CLIENTS = [...]) is a rebuild; changes no call showed (del L[i]) are found by comparing.
# The profile function runs for every call and return of the program (it was most of what tracing
# cost a chat line): once a shared list kept by name is found, its type is switched in place to
# SharedList, whose methods report themselves, and the profile function turns itself off.
import sys
import threading

from .record import _PROGRAM, _bindings, _emit, _getframe, _holding, _ident, _lists, _next, _numbers, _pending

_setprofile = sys.setprofile
_threading_setprofile = threading.setprofile

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


# The tracked lists' entries as a tuple, replaced (never changed) when one is added: the socket
# wrappers walk it on every event without copying _lists (another thread may add to that meanwhile).
_tracked = [()]


def _keep(lst, entry):
    _lists[id(lst)] = entry
    _tracked[0] = _tracked[0] + (entry,)
    return entry


def _track(lst, frame):
    name, scope = _name_of(lst, frame)
    number = _next("list")
    entry = _keep(lst, [lst, number, name, lst[:]])
    if scope is not None and (scope is not frame.f_locals or scope is frame.f_globals):  # (module level: both)
        _bindings.append([scope, name.split(".")[-1], number])
    return entry


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
        if (value.__class__ is not list and value.__class__ is not SharedList) or id(value) in _lists:
            continue
        old = next((e for e in _lists.values() if e[1] == number), None)
        entry = _keep(value, [value, _next("list"), old[2] if old else key, value[:]])
        binding[2] = entry[1]
        fields = {"list": entry[1], "op": "rebuild", "items": _items(value), "holding": _holding(), "name": entry[2]}
        if old:
            fields["replaces"] = number
        _emit("list.change", None, fields)
        # Its changes are seen by its own methods from now on (the profile function may be off).
        _share(value)


def _check_contents():
    """Changes no method call showed (L *= 2; on a list not switched, del L[i], L[:] = ...): seen at
    the next socket event."""
    busy = None
    for entry in _tracked[0]:
        if entry[0] != entry[3]:
            # Another thread is inside list.append/remove/... on it: its own event will say so
            # (with the locks it holds); seen from here it would be a change with no lock held.
            if busy is None:
                busy = {id(p[0]) for p in list(_pending.values())}
            if id(entry[0]) not in busy:
                _list_event(entry, "changed", entry[3], None)


# The list methods that change a list: what the profile function watches for, and what a
# SharedList's own methods report (every change but L *= n, seen by the contents check).
_OPS = ("append", "remove", "insert", "pop", "clear", "extend", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__")
_LIST_OPS = frozenset(_OPS)


class SharedList(list):
    """What a shared list becomes once found: the same object (its type is switched in place, so
    every name, argument and loop that holds it holds it still), whose methods report themselves;
    then no profile function is needed (it ran for every call the program made). Everything else
    is list's own: iteration, `in`, slicing, repr, json, comparisons; `isinstance(x, list)` holds,
    only `type(x) is list` does not."""

    __slots__ = ()

    def __reduce_ex__(self, protocol):
        # copy.copy, copy.deepcopy and pickle make a list, as they do of a list.
        return list, (list(self),)


def _method(op, original):
    def method(self, *args, **kwargs):
        entry = _lists.get(id(self))
        if entry is None or entry[0] is not self:
            return original(self, *args, **kwargs)
        me = _ident()
        before = self[:]
        # Between here and the event another thread's socket event must not report this change as
        # one no call showed (with no lock held): _check_contents skips a list that is busy.
        # (Its own key: a thread still profiled pairs its c_call and c_return under its ident.)
        key = (me, "method")
        _pending[key] = (self, op, before)
        try:
            result = original(self, *args, **kwargs)
        except BaseException:
            _pending.pop(key, None)
            raise
        frame = _getframe(1)
        _list_event(entry, op, before, frame.f_lineno if frame.f_code.co_filename == _PROGRAM else None)
        _pending.pop(key, None)
        return result

    method.__name__ = method.__qualname__ = op
    return method


for _op in _OPS:
    setattr(SharedList, _op, _method(_op, getattr(list, _op)))
_METHOD_CODE = SharedList.append.__code__  # the code of every method above (closures of one function)
SharedList.__name__ = SharedList.__qualname__ = "list"
SharedList.__module__ = "builtins"
del _op

# Every list switched to SharedList holds one reference to it, as CPython's own __class__ assignment
# does (Py_INCREF(new type)): the list's deallocation gives it back.
_type_refs = []
_switch = [None]  # how to switch a list's type in place, once found to work (None: not tried yet)


def _switcher():
    """The in-place switch: CPython refuses `lst.__class__ = SharedList` only because list is a
    static type (the layouts are the same: SharedList adds no slots, no __dict__, no weakrefs), so the
    object's type pointer is written as object_set_class would. False when that cannot be done
    safely here: the profile function goes on seeing the list's calls instead."""
    try:
        import ctypes

        probe = []
        offset = object.__basicsize__ - ctypes.sizeof(ctypes.c_void_p)  # ob_type: the header's last field
        if not (
            SharedList.__basicsize__ == list.__basicsize__
            and SharedList.__dictoffset__ == 0
            and SharedList.__weakrefoffset__ == 0
            and SharedList.__itemsize__ == list.__itemsize__
            and ctypes.c_void_p.from_address(id(probe) + offset).value == id(list)
        ):
            return False
        cell = ctypes.c_void_p

        def switch(lst):
            _type_refs.append(SharedList)
            cell.from_address(id(lst) + offset).value = id(SharedList)

        return switch
    except Exception:
        return False


def _share(lst):
    """Makes a shared list a SharedList in place; True when its changes no longer need the profile."""
    if lst.__class__ is SharedList:
        return True
    if lst.__class__ is not list:
        return False
    switch = _switch[0]
    if switch is None:
        switch = _switch[0] = _switcher()
    if not switch:
        return False
    switch(lst)
    return True


# Once a shared list is a SharedList, each thread turns its profile function off at its next event
# (a thread can only set its own), and new threads start without one.
_quiet = [False]


def _profiling_done():
    _quiet[0] = True
    _threading_setprofile(None)


def _profile(frame, event, arg):
    if event == "c_call":
        owner = getattr(arg, "__self__", None)
        cls = owner.__class__
        # A SharedList's own methods report themselves; its list methods called some other way
        # (a method looked up before the list was switched, list.append(L, x)) are seen here.
        if (
            (cls is list and not _quiet[0]) or (cls is SharedList and frame.f_code is not _METHOD_CODE)
        ) and arg.__name__ in _LIST_OPS:
            _pending[_ident()] = (owner, arg.__name__, owner[:])
        elif _quiet[0] and _ident() not in _pending:
            _setprofile(None)
    elif event == "c_return" or event == "c_exception":
        if frame.f_code is _METHOD_CODE:
            return
        pending = _pending.pop(_ident(), None)
        if pending is not None and event == "c_return":
            lst, op, before = pending
            entry = _lists.get(id(lst))
            if entry is None or entry[0] is not lst:
                if not any(id(item) in _numbers for item in lst):
                    return
                entry = _track(lst, frame)
                entry[3] = before
            _list_event(entry, op, before, frame.f_lineno if frame.f_code.co_filename == _PROGRAM else None)
            # A list the program keeps by name (a module's global, an object's attribute) is the one
            # its threads share: once it reports its own changes, the profile function can go. A
            # list held only in a function's local variable may be a scratch list: keep looking.
            if not _quiet[0] and _share(lst) and any(b[2] == entry[1] for b in _bindings):
                _profiling_done()
        if _quiet[0]:
            _setprofile(None)
    elif _quiet[0] and _ident() not in _pending:
        _setprofile(None)
