# Exercise 5, correct without a lock: one thread, asyncio; a client that has gone is dropped.
import asyncio

clients = set()


async def chat(reader, writer):
    clients.add(writer)
    try:
        while line := await reader.read(1024):
            for w in list(clients):
                if w is not writer and not w.is_closing():
                    w.write(line)
    except ConnectionError:
        pass
    finally:
        clients.discard(writer)
        writer.close()


async def main():
    server = await asyncio.start_server(chat, '', 8888, backlog=64)
    async with server:
        await server.serve_forever()

asyncio.run(main())
