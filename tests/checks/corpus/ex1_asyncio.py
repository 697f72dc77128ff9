# Exercise 1, correct: asyncio streams.
import asyncio


async def echo(reader, writer):
    while data := await reader.read(1024):
        writer.write(data)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(echo, port=8888)
    async with server:
        await server.serve_forever()

asyncio.run(main())
