# Claim (exercise 2): a server stopped while its client is still connected leaves its end of that
# connection in FIN-WAIT-2 (it sent its FIN; the client has not closed), not TIME_WAIT, and that
# is what makes bind() to 8888 fail at once. TIME_WAIT comes only after the client closes too.
import json
import os
import signal
import socket
import subprocess
import sys
import time

STATES = {'01': 'ESTABLISHED', '02': 'SYN_SENT', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '0A': 'LISTEN'}


def states_on_8888():
    """The states of this network's TCP sockets whose local port is 8888 (the server's end)."""
    found = []
    with open('/proc/net/tcp') as table:
        for row in list(table)[1:]:
            local, state = row.split()[1], row.split()[3]
            if int(local.split(':')[1], 16) == 8888:
                found.append(STATES.get(state, state))
    return sorted(found)


def bind_fails():
    s = socket.socket()
    try:
        s.bind(('', 8888))
        return False
    except OSError:
        return True
    finally:
        s.close()


server = subprocess.Popen([sys.executable, '-c', (
    "import socket, time\n"
    "s = socket.socket(); s.bind(('', 8888)); s.listen(1); print('listening', flush=True)\n"
    "c, a = s.accept(); print('served', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE)
server.stdout.readline()
client = socket.create_connection(('127.0.0.1', 8888))
server.stdout.readline()
os.kill(server.pid, signal.SIGKILL)       # Stop, or the Task Manager: the kernel closes its sockets
server.wait()
time.sleep(0.2)
stopped = {'states': states_on_8888(), 'bind_fails': bind_fails()}
client.close()                           # now the client closes its end too
time.sleep(0.2)
after_client_closed = {'states': states_on_8888(), 'bind_fails': bind_fails()}
print(json.dumps({'stopped_while_connected': stopped, 'after_client_closed': after_client_closed}))
