# Exercise 4, correct: asyncio, one task per client, lines to everyone else.
import asyncio

writers = set()


async def chat(reader, writer):
    writers.add(writer)
    try:
        while line := await reader.readline():
            for w in list(writers):
                if w is not writer:
                    w.write(line)
    except ConnectionError:
        pass
    finally:
        writers.discard(writer)
        writer.close()


async def main():
    async with await asyncio.start_server(chat, '', 8888) as server:
        await server.serve_forever()

asyncio.run(main())
