# Claim (exercise 4): a client whose machine crashes sends nothing, so the server is not told: its
# recv() goes on waiting. A vanished machine is imitated with TCP_REPAIR, which lets a socket be
# closed without sending anything (needs CAP_NET_ADMIN in this network namespace). For contrast, a
# client program that is killed has its kernel close the connection (FIN), and one reset sends RST.
import json
import select
import socket
import struct

TCP_REPAIR = getattr(socket, 'TCP_REPAIR', 19)
server = socket.socket()
server.bind(('127.0.0.1', 8888))
server.listen(5)


def what_the_server_sees(leave):
    client = socket.create_connection(('127.0.0.1', 8888))
    conn, _ = server.accept()
    leave(client)
    ready, _, _ = select.select([conn], [], [], 2.0)
    if not ready:
        return 'nothing within 2 s'
    try:
        return 'end of stream (b"")' if conn.recv(1024) == b'' else 'data'
    except ConnectionResetError:
        return 'ConnectionResetError'


def crash(client):
    client.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
    client.close()


def reset(client):
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    client.close()


print(json.dumps({
    'machine_crashed': what_the_server_sees(crash),
    'closed': what_the_server_sees(lambda c: c.close()),
    'reset': what_the_server_sees(reset),
}))
