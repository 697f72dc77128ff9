// Attacks on the lab's secrets and walls: reading what is not the run's, writing outside its /tmp,
// reaching the network or the host's loopback, leaving IPC objects or processes behind, planting
// symlinks. Each runs the way a student's program runs, and a bystander keeps chatting.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB_ROOT, STATE_DIR } from "../../server/paths";
import type { TestLab } from "../support/lab-server";
import { Bystander, ECHO_SERVER, expectNothingLeft, expectRunGone, finalState, hostProcesses, hostSnapshot, launch, MiB, processesOfRun, runIpcObjects, startAttackLab, stop, type HostSnapshot } from "./support";

/** Set in the lab's own environment: no run may ever see it. */
const CANARY = `lab-canary-${process.pid}-${Date.now()}`;

let lab: TestLab;
let before: HostSnapshot;
let bystander: Bystander;
beforeAll(async () => {
  before = hostSnapshot();
  process.env.LAB_ATTACK_CANARY = CANARY;
  lab = await startAttackLab({ memoryBytes: 128 * MiB, tasks: 64, tmpBytes: 8 * MiB, fileBytes: 4 * MiB });
  bystander = await Bystander.connect(lab.base);
});
afterAll(async () => {
  bystander?.close();
  await lab?.close();
  delete process.env.LAB_ATTACK_CANARY;
  expectNothingLeft(before);
});

const lines = (...l: string[]) => l.join("\n") + "\n";

/** Run a program to its end and return what the student's console shows. */
async function consoleOf(source: string): Promise<string> {
  const attack = await launch(lab, source);
  expect(await finalState(attack)).toMatchObject({ state: "exited", code: 0 });
  expectRunGone(attack);
  attack.client.close();
  return attack.client.output(attack.runId);
}

/** Python that tries each action and prints `label: OK` or `label: <the OSError>`. */
const TRY = lines(
  "import os, socket, errno",
  "def attempt(label, action):",
  "    try:",
  "        result = action()",
  "        print(f'{label}: OK {result!r}'[:300], flush=True)",
  "    except Exception as e:",
  "        print(f'{label}: {type(e).__name__}: {e}', flush=True)",
);

describe.concurrent("reading what is not the run's", () => {
  it("the lab's source, its state directory, the host's /etc/shadow: none exists in the sandbox", async () => {
    const secret = join(STATE_DIR, "session-secret");
    const output = await consoleOf(
      TRY +
        lines(
          `attempt('source', lambda: open(${JSON.stringify(join(LAB_ROOT, "server", "main.ts"))}).read())`,
          `attempt('secret', lambda: open(${JSON.stringify(secret)}, 'rb').read())`,
          `attempt('state', lambda: os.listdir(${JSON.stringify(STATE_DIR)}))`,
          "attempt('shadow', lambda: open('/etc/shadow').read())",
          "attempt('etc', lambda: sorted(os.listdir('/etc')))",
          "attempt('root', lambda: sorted(os.listdir('/')))",
          "attempt('via-proc-root', lambda: os.listdir('/proc/1/root' + " + JSON.stringify(LAB_ROOT) + "))",
          "attempt('sys', lambda: os.listdir('/sys'))",
        ),
    );
    expect(output).toMatch(/source: FileNotFoundError: \[Errno 2\] No such file or directory/);
    expect(output).toMatch(/secret: FileNotFoundError/);
    expect(output).toMatch(/state: FileNotFoundError/);
    expect(output).toMatch(/shadow: FileNotFoundError/);
    expect(output).toContain("etc: OK ['group', 'hosts', 'ld.so.cache', 'localtime', 'nsswitch.conf', 'passwd']");
    expect(output).toMatch(/via-proc-root: (FileNotFoundError|PermissionError)/);
    expect(output).toMatch(/sys: FileNotFoundError/);
  });

  it("the lab's environment: not in os.environ, not in any /proc/*/environ the run can see", async () => {
    const output = await consoleOf(
      TRY +
        lines(
          "print('environ:', sorted(os.environ))",
          "seen = []",
          "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:",
          "    try:",
          "        seen.append(open(f'/proc/{pid}/environ', 'rb').read())",
          "    except OSError as e:",
          "        print('environ of', pid, e)",
          `print('canary found:', any(${JSON.stringify(CANARY)}.encode() in e for e in seen) or ${JSON.stringify(CANARY)} in str(os.environ))`,
          "print('pids seen:', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))",
        ),
    );
    expect(output).toContain("environ: ['HOME', 'LANG', 'MALLOC_ARENA_MAX', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED', 'USER']");
    expect(output).toContain("canary found: False");
    // Its own pid namespace: bubblewrap's init (1) and the program (2), nothing of the host.
    expect(output).toContain("pids seen: [1, 2]");
  });

  it("another run's /tmp and /dev/shm: each run has its own, empty ones", async () => {
    const owner = await launch(
      lab,
      lines(
        "import time",
        "open('/tmp/alice-secret', 'w').write('alice only')",
        "open('/dev/shm/alice-shm', 'w').write('alice only')",
        "print('planted', flush=True)",
        "time.sleep(3600)",
      ),
      { ready: "planted" },
    );
    const output = await consoleOf(
      TRY +
        lines(
          "attempt('tmp', lambda: os.listdir('/tmp'))",
          "attempt('shm', lambda: os.listdir('/dev/shm'))",
          "attempt('read', lambda: open('/tmp/alice-secret').read())",
        ),
    );
    expect(output).toContain("tmp: OK []");
    expect(output).toContain("shm: OK []");
    expect(output).toMatch(/read: FileNotFoundError/);
    await stop(owner);
    expectRunGone(owner);
  });
});

describe.concurrent("writing outside the run's /tmp", () => {
  it("/, /usr, /lab, /etc, /dev and the program itself are read-only; /tmp works", async () => {
    const output = await consoleOf(
      TRY +
        lines(
          "for d in ['/', '/usr', '/usr/lib', '/lab', '/etc', '/dev', '/proc/sys/kernel']:",
          "    attempt(f'write {d}', lambda: open(os.path.join(d, 'pwned'), 'w').write('x'))",
          "attempt('overwrite program', lambda: open('/lab/chatserver2.py', 'a').write('#'))",
          "attempt('mkdir /lab/x', lambda: os.mkdir('/lab/x'))",
          "attempt('chmod /etc/passwd', lambda: os.chmod('/etc/passwd', 0o777))",
          "attempt('write /tmp', lambda: open('/tmp/ok', 'w').write('fine'))",
        ),
    );
    for (const d of ["/", "/usr", "/usr/lib", "/lab", "/etc", "/dev"]) expect(output).toMatch(new RegExp(`write ${d}: OSError: \\[Errno 30\\] Read-only file system`));
    expect(output).toMatch(/write \/proc\/sys\/kernel: (OSError|PermissionError|FileNotFoundError)/);
    expect(output).toMatch(/overwrite program: (OSError: \[Errno 30\] Read-only file system|PermissionError: \[Errno 13\] Permission denied)/);
    expect(output).toMatch(/mkdir \/lab\/x: OSError: \[Errno 30\] Read-only file system/);
    expect(output).toMatch(/chmod \/etc\/passwd: (OSError: \[Errno 30\]|PermissionError)/);
    expect(output).toContain("write /tmp: OK 4");
  });

  it("no new user namespace (and so no capabilities, mounts or networks of its own)", async () => {
    const output = await consoleOf(
      TRY +
        lines(
          "import ctypes",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "def unshare(flag):",
          "    if libc.unshare(flag) != 0:",
          "        e = ctypes.get_errno()",
          "        raise OSError(e, os.strerror(e))",
          "attempt('new user namespace', lambda: unshare(0x10000000))",
          "attempt('new network namespace', lambda: unshare(0x40000000))",
          "attempt('new mount namespace', lambda: unshare(0x00020000))",
        ),
    );
    expect(output).toMatch(/new user namespace: OSError: \[Errno (28|1)\]/);
    expect(output).toMatch(/new network namespace: (OSError|PermissionError): \[Errno 1\] Operation not permitted/);
    expect(output).toMatch(/new mount namespace: (OSError|PermissionError): \[Errno 1\] Operation not permitted/);
  });

  it("symlinks: the program can plant them only in its own /tmp; the lab's state stays intact and terminals work", async () => {
    const fingerprint = () => {
      const files = new Map<string, string>();
      for (const name of readdirSync(STATE_DIR)) {
        const path = join(STATE_DIR, name);
        if (lstatSync(path).isFile()) files.set(name, createHash("sha256").update(readFileSync(path)).digest("hex"));
      }
      return files;
    };
    const symlinksUnder = (dir: string): string[] => {
      const found: string[] = [];
      if (!existsSync(dir)) return found;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isSymbolicLink()) found.push(path);
        else if (entry.isDirectory()) found.push(...symlinksUnder(path));
      }
      return found;
    };
    const stateBefore = fingerprint();
    const source =
      TRY +
      lines(
        "for target, link in [('/etc/shadow', '/tmp/shadow'), ('/lab', '/tmp/lab'), ('/proc/1/root', '/tmp/root'), ('/', '/dev/shm/root')]:",
        "    attempt(f'link {link}', lambda: os.symlink(target, link))",
        "attempt('replace program', lambda: os.symlink('/tmp/evil.py', '/lab/chatserver2.py'))",
        "attempt('replace /lab', lambda: os.rename('/tmp/lab', '/lab'))",
        "attempt('replace /etc/hosts', lambda: os.symlink('/tmp/hosts', '/etc/hosts.new') or os.rename('/etc/hosts.new', '/etc/hosts'))",
        "attempt('replace /tmp', lambda: os.rename('/tmp', '/tmp2'))",
        "attempt('hard link', lambda: os.link('/lab/chatserver2.py', '/tmp/prog'))",
        "attempt('read via link', lambda: open('/tmp/shadow').read())",
        "attempt('root via link', lambda: sorted(os.listdir('/tmp/root')))",
      ) +
      ECHO_SERVER;
    const attack = await launch(lab, source, { ready: "echo ready" });
    const output = attack.client.output(attack.runId);
    expect(output).toContain("link /tmp/shadow: OK None");
    expect(output).toMatch(/replace program: (FileExistsError|OSError)/);
    expect(output).toMatch(/replace \/lab: OSError: \[Errno (18|30|16)\]/);
    expect(output).toMatch(/replace \/etc\/hosts: OSError: \[Errno 30\] Read-only file system/);
    expect(output).toMatch(/replace \/tmp: OSError: \[Errno (16|30)\]/);
    expect(output).toMatch(/hard link: OSError: \[Errno 18\]/);
    expect(output).toMatch(/read via link: FileNotFoundError/);
    // The terminal to this very program works as ever: the bridge holds a socket, not a path.
    const terminal = await attack.client.terminal(attack.runId);
    await terminal.waitStatus("connected");
    terminal.typeLine("through the symlinks");
    await terminal.waitText("through the symlinks\r\n");
    await bystander.chat();
    await stop(attack);
    expectRunGone(attack);
    // Nothing of the lab's changed, and no symlink appeared in its state directory.
    const stateAfter = fingerprint();
    for (const [name, hash] of stateBefore) expect(stateAfter.get(name), name).toBe(hash);
    expect(symlinksUnder(STATE_DIR)).toEqual([]);
  });
});

describe.concurrent("the network", () => {
  it("no route out: TEST-NET addresses fail at once (ENETUNREACH); no raw sockets; names do not resolve", async () => {
    const t0 = Date.now();
    const output = await consoleOf(
      TRY +
        lines(
          "def tcp(family, address):",
          "    s = socket.socket(family); s.settimeout(5); s.connect(address)",
          "attempt('tcp 192.0.2.1', lambda: tcp(socket.AF_INET, ('192.0.2.1', 80)))",
          "attempt('tcp 2001:db8::1', lambda: tcp(socket.AF_INET6, ('2001:db8::1', 80)))",
          "attempt('udp 192.0.2.1', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('192.0.2.1', 53)))",
          "attempt('raw icmp', lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))",
          "attempt('packet', lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW))",
          "attempt('dns', lambda: socket.getaddrinfo('chat.example.invalid', 80))",
          "attempt('interfaces', lambda: [name for _, name in socket.if_nameindex()])",
        ),
    );
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(output).toContain("tcp 192.0.2.1: OSError: [Errno 101] Network is unreachable");
    expect(output).toContain("tcp 2001:db8::1: OSError: [Errno 101] Network is unreachable");
    expect(output).toContain("udp 192.0.2.1: OSError: [Errno 101] Network is unreachable");
    expect(output).toContain("raw icmp: PermissionError: [Errno 1] Operation not permitted");
    expect(output).toContain("packet: PermissionError: [Errno 1] Operation not permitted");
    expect(output).toMatch(/dns: gaierror/);
    expect(output).toContain("interfaces: OK ['lo']");
  });

  it("the host's loopback is out of reach: the lab's own port, a listener the test starts, an abstract socket", async () => {
    let reached = 0;
    const listener = net.createServer((s) => {
      reached++;
      s.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
    const hostPort = (listener.address() as net.AddressInfo).port;
    const abstractName = `\0lab-attack-${process.pid}`;
    const abstract = net.createServer((s) => {
      reached++;
      s.destroy();
    });
    await new Promise<void>((r) => abstract.listen(abstractName, r));
    const labPort = Number(new URL(lab.base).port);
    try {
      const output = await consoleOf(
        TRY +
          lines(
            "def tcp(host, port):",
            "    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET); s.settimeout(3); s.connect((host, port))",
            `attempt('lab port', lambda: tcp('127.0.0.1', ${labPort}))`,
            `attempt('host listener', lambda: tcp('127.0.0.1', ${hostPort}))`,
            `attempt('host listener v6', lambda: tcp('::1', ${hostPort}))`,
            "def unix(name):",
            "    s = socket.socket(socket.AF_UNIX); s.settimeout(3); s.connect(name)",
            `attempt('abstract socket', lambda: unix(${JSON.stringify(abstractName)}))`,
          ),
      );
      expect(output).toContain("lab port: ConnectionRefusedError: [Errno 111] Connection refused");
      expect(output).toContain("host listener: ConnectionRefusedError: [Errno 111] Connection refused");
      expect(output).toContain("host listener v6: ConnectionRefusedError: [Errno 111] Connection refused");
      expect(output).toContain("abstract socket: ConnectionRefusedError: [Errno 111] Connection refused");
      expect(reached).toBe(0);
    } finally {
      listener.close();
      abstract.close();
    }
  });

  it("a privileged port (<1024) cannot be bound; 8888 can, and its terminal works", async () => {
    const source = TRY + lines("for port in (80, 443, 1023):", "    attempt(f'bind {port}', lambda: socket.socket().bind(('', port)))") + ECHO_SERVER;
    const attack = await launch(lab, source, { ready: "echo ready" });
    const output = attack.client.output(attack.runId);
    for (const port of [80, 443, 1023]) expect(output).toContain(`bind ${port}: PermissionError: [Errno 13] Permission denied`);
    await attack.client.waitListening(attack.runId);
    const terminal = await attack.client.terminal(attack.runId);
    terminal.typeLine("on 8888");
    await terminal.waitText("on 8888\r\n");
    await stop(attack);
    expectRunGone(attack);
  });
});

describe("leftovers after Stop", () => {
  it("SysV shared memory, semaphores, message queues and /dev/shm files vanish with the run", async () => {
    const source = lines(
      "import ctypes, os, time",
      "libc = ctypes.CDLL(None, use_errno=True)",
      "IPC_CREAT = 0o1000",
      "shm = libc.shmget(0x4c4142, 1 << 20, IPC_CREAT | 0o666)",
      "addr = libc.shmat(shm, None, 0)",
      "sem = libc.semget(0x4c4143, 4, IPC_CREAT | 0o666)",
      "msg = libc.msgget(0x4c4144, IPC_CREAT | 0o666)",
      "fd = os.open('/dev/shm/lab-attack', os.O_CREAT | os.O_RDWR); os.write(fd, b'x' * 4096)",
      "print('ipc made', shm >= 0, sem >= 0, msg >= 0, open('/proc/sysvipc/shm').read().count('\\n') - 1, flush=True)",
      "time.sleep(3600)",
    );
    // The whole line: output may arrive in pieces.
    const attack = await launch(lab, source, { ready: /ipc made \w+ \w+ \w+ \d+/ });
    expect(attack.client.output(attack.runId)).toContain("ipc made True True True 1");
    // The run's IPC namespace is its own: the host sees nothing even while it lives.
    expect(runIpcObjects()).toEqual(before.ipc);
    await stop(attack);
    expectRunGone(attack);
    expect(runIpcObjects()).toEqual(before.ipc);
  });

  it("a program that ignores SIGTERM and daemonizes (double fork, setsid) does not outlive Stop", async () => {
    const source = lines(
      "import os, signal, time",
      "for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):",
      "    signal.signal(s, signal.SIG_IGN)",
      "if os.fork() == 0:",
      "    os.setsid()",
      "    if os.fork() == 0:",
      "        os.setsid() if False else None",
      "        for fd in (0, 1, 2): os.close(fd)",
      "        while True: time.sleep(1)",
      "    os._exit(0)",
      "print('daemonized', flush=True)",
      "while True: time.sleep(1)",
    );
    const attack = await launch(lab, source, { ready: "daemonized" });
    expect(attack.uid).not.toBeNull();
    expect(hostProcesses().filter((p) => p.uid === attack.uid).length).toBeGreaterThanOrEqual(3);
    expect(await stop(attack)).toMatchObject({ state: "stopped", reason: "stopped by you" });
    expect(hostProcesses().filter((p) => p.uid === attack.uid).map((p) => p.cmdline)).toEqual([]);
    expectRunGone(attack);
    await bystander.chat();
  });

  it("a program that exits and leaves a daemon behind: the run ends, and the daemon with it", async () => {
    const source = lines(
      "import os, time",
      "if os.fork() == 0:",
      "    os.setsid()",
      "    if os.fork() == 0:",
      "        while True: time.sleep(1)",
      "    os._exit(0)",
      "print('main program exits now', flush=True)",
    );
    const attack = await launch(lab, source);
    expect(await finalState(attack)).toMatchObject({ state: "exited", code: 0 });
    expect(processesOfRun(attack.sandboxId)).toEqual([]);
    if (attack.uid !== null) expect(hostProcesses().filter((p) => p.uid === attack.uid).map((p) => p.cmdline)).toEqual([]);
    expectRunGone(attack);
  });
});

describe("after all that", () => {
  it("a bystander starts a run and chats, as before the attacks", async () => {
    const rtts = await bystander.chat(3);
    expect(Math.max(...rtts)).toBeLessThan(1000);
    expect((await fetch(`${lab.base}/healthz`)).status).toBe(200);
  });
});
