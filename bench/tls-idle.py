#!/usr/bin/env python3
"""What an idle logged-in connection costs the server, plain TCP against TLS.

Starts the Release server (build it first: dotnet build -c Release RxChat.Server) on free
loopback ports with a throwaway self-signed certificate, logs N clients in on one port,
keeps them idle, and reads the server's resident memory from /proc. One server per kind,
so neither run inherits the other's heap.

    bench/tls-idle.py [N]        # default 2000 connections per kind
"""
import asyncio, os, socket, ssl, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "RxChat.Server/bin/Release/net10.0/RxChat.Server.dll")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def log_in(port, name, context):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context,
                                                   server_hostname="localhost" if context else None)
    writer.write(f"{name}\n".encode())
    await writer.drain()
    assert (await asyncio.wait_for(reader.readline(), 30)).startswith(b"Welcome"), name
    return writer


async def measure(kind, certs):
    port, tls_port = free_port(), free_port()
    server = subprocess.Popen(["dotnet", SERVER, "--host", "127.0.0.1", "--port", str(port), "--http-port", "-1",
                               "--tls-port", str(tls_port), "--tls-cert", certs[0], "--tls-key", certs[1],
                               "--data-dir", ":memory:", "--Logging:LogLevel:Default", "Warning",
                               "--RxChat:Limits:FloodBurstLines", "5000"],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):  # wait for the port, at most 20 s
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        context = None
        if kind == "tls":
            context = ssl.create_default_context(cafile=certs[0])
        before = rss_kib(server.pid)
        writers = []
        for start in range(0, N, 100):  # 100 handshakes at a time
            writers += await asyncio.gather(*(log_in(tls_port if context else port, f"{kind}{i}", context)
                                              for i in range(start, min(N, start + 100))))
        await asyncio.sleep(2)  # let the server settle: queues drained, buffers returned
        after = rss_kib(server.pid)
        print(f"{kind:5} {N:6} connections: RSS {before / 1024:7.1f} MiB -> {after / 1024:7.1f} MiB, "
              f"{(after - before) / N:6.1f} KiB per idle logged-in connection")
        for writer in writers:
            writer.close()
    finally:
        server.terminate()
        server.wait(30)


def main():
    with tempfile.TemporaryDirectory() as directory:
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key,
                        "-out", cert, "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True)
        for kind in ("plain", "tls", "plain", "tls"):  # interleaved, twice
            asyncio.run(measure(kind, (cert, key)))


if __name__ == "__main__":
    main()
