# Claim (exercise 5): under CPython's GIL, list.append and list.remove are each one indivisible
# step, so clients joining at the same moment do not corrupt the list, however often threads
# switch. What does go wrong: a loop walking the list while another thread removes an entry
# before its position skips the entry after it.
import json
import sys
import threading

sys.setswitchinterval(1e-6)
shared = []


def join_many(n):
    for i in range(n):
        shared.append(i)


threads = [threading.Thread(target=join_many, args=(50_000,)) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
appends = {'appended': 8 * 50_000, 'in_list': len(shared)}

# The walk: the sender is at client 3 when another thread removes client 1 (who left).
clients = ['client 1', 'client 2', 'client 3', 'client 4', 'client 5']
at_third, removed = threading.Event(), threading.Event()
reached = []


def send_to_all():
    for c in clients:
        reached.append(c)
        if c == 'client 3':
            at_third.set()
            removed.wait()


def leave():
    at_third.wait()
    clients.remove('client 1')
    removed.set()


walker, leaver = threading.Thread(target=send_to_all), threading.Thread(target=leave)
walker.start(); leaver.start(); walker.join(); leaver.join()
print(json.dumps({'appends': appends, 'walk_reached': reached, 'still_connected': clients}))
