import type http from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { UserError } from "../lib/errors.ts";
import { RateLimiter } from "../lib/rate-limit.ts";
import type { Logger } from "../logger.ts";
import type { Caller } from "../modules/deps.ts";
import { threadRoom } from "../modules/forums/forums.ts";
import { eventRoom } from "../modules/live/live.ts";
import { liveJoinSchema } from "../modules/live/live.schema.ts";
import type { Services } from "../services.ts";
import { isSameOrigin } from "../origin.ts";

const threadRef = z.object({ threadId: z.coerce.number().int().positive() });

type Ack = (reply: unknown) => void;

/**
 * Socket.IO on the app's HTTP server. The handshake authenticates from the session cookie and checks the
 * Origin; every inbound event is validated with zod, rate limited, and handled by the same use-case
 * function as the HTTP action.
 */
export async function attachRealtime(opts: { httpServer: http.Server; services: Services; log: Logger; redisUrl?: string; redisPrefix?: string; publicUrl?: string }) {
  const { services, log } = opts;
  const io = new Server(opts.httpServer, {
    serveClient: false,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, opts.publicUrl)),
  });
  const redisClients: { quit(): Promise<unknown> }[] = [];
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", (e) => log.error({ err: e }, "redis pub error"));
    sub.on("error", (e) => log.error({ err: e }, "redis sub error"));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: `${opts.redisPrefix ?? "tpc"}:socket.io` }));
    redisClients.push(pub, sub);
    log.info("socket.io uses the redis adapter");
  }

  io.use(async (socket, next) => {
    try {
      const { user } = await services.auth.sessionFromCookie(socket.handshake.headers.cookie);
      socket.data.caller = user satisfies Caller;
      next();
    } catch (error) {
      log.error({ err: error }, "socket auth failed");
      next(new Error("Could not check your session"));
    }
  });

  io.on("connection", (socket: Socket) => {
    const caller: Caller = socket.data.caller ?? null;
    if (caller) void socket.join(`user:${caller.id}`);
    // 30 events per 10 seconds per connection; beyond that the client gets an error, not service.
    const limiter = new RateLimiter(30, 10_000);

    const handle = (event: string, run: (payload: unknown) => Promise<unknown>) => {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        // Without an acknowledgement callback only failures are reported, as "error:event".
        const reply: Ack = typeof ack === "function" ? (ack as Ack) : (r) => (r as { ok: boolean }).ok || socket.emit("error:event", { event, ...(r as object) });
        const wait = limiter.hit(socket.id);
        if (wait) return reply({ ok: false, error: `Too many messages. Wait ${wait} seconds.` });
        try {
          reply({ ok: true, ...((await run(payload)) as object) });
        } catch (error) {
          if (error instanceof UserError) return reply({ ok: false, error: error.message, fieldErrors: error.fieldErrors });
          log.error({ err: error, event }, "socket event failed");
          reply({ ok: false, error: "Something went wrong. Try again." });
        }
      });
    };

    handle("thread:join", async (payload) => {
      const parsed = threadRef.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid thread");
      await services.forums.locateThread(caller, parsed.data.threadId);
      await socket.join(threadRoom(parsed.data.threadId));
      return {};
    });
    handle("thread:leave", async (payload) => {
      const parsed = threadRef.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid thread");
      await socket.leave(threadRoom(parsed.data.threadId));
      return {};
    });
    // Live event thread: join with the last sequence number seen and get everything after it.
    handle("live:join", async (payload) => {
      const parsed = liveJoinSchema.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid event or sequence number");
      // Join before reading, so an item stored in between is broadcast to us rather than lost (the
      // client drops anything it already has by sequence number).
      const room = eventRoom(parsed.data.eventId);
      await socket.join(room);
      try {
        return await services.live.catchUp(caller, parsed.data);
      } catch (error) {
        await socket.leave(room);
        throw error;
      }
    });
    handle("live:leave", async (payload) => {
      const parsed = liveJoinSchema.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid event");
      await socket.leave(eventRoom(parsed.data.eventId));
      return {};
    });
    handle("live:post", (payload) => services.live.post(caller, payload));
    handle("live:hide", (payload) => services.live.setHidden(caller, payload));
    // The same write path as the HTTP actions.
    handle("post:reply", (payload) => services.forums.replyToThread(caller, payload));
    handle("post:like", (payload) => services.forums.toggleLike(caller, payload));
  });

  // ── Fan-out in slices (measured by npm run bench:live) ──
  // One emit to a room of thousands of sockets writes to each of them in a single event-loop turn (tens of
  // ms under load); every database transaction step, acknowledgement and heartbeat waits behind it, and a
  // transaction holding the event's sequence lock holds it that much longer. Large rooms are therefore sent
  // to FANOUT_SLICE sockets at a time, yielding to I/O in between. One FIFO queue keeps each room's order.
  // Sockets that join while a message is being sliced get it from their catch-up (it is committed first).
  const FANOUT_SLICE = 200;
  const fanout: { event: string; payload: unknown; ids: string[]; next: number }[] = [];
  const deliverLocally = (room: string, event: string, payload: unknown) => {
    const members = io.of("/").adapter.rooms.get(room);
    if (!members?.size) return;
    if (!fanout.length && members.size <= FANOUT_SLICE) return void io.local.to(room).emit(event, payload);
    fanout.push({ event, payload, ids: [...members], next: 0 });
    if (fanout.length === 1) setImmediate(sendSlice);
  };
  const sendSlice = () => {
    const job = fanout[0];
    if (!job) return;
    io.local.to(job.ids.slice(job.next, job.next + FANOUT_SLICE)).emit(job.event, job.payload);
    job.next += FANOUT_SLICE;
    if (job.next >= job.ids.length) fanout.shift();
    if (fanout.length) setImmediate(sendSlice);
  };
  // With Redis, each process slices its own sockets; the message reaches the others as a server-side event.
  io.on("realtime:publish" as "connection", ((m: { room: string; event: string; payload: unknown }) => deliverLocally(m.room, m.event, m.payload)) as never);

  return {
    io,
    publish(room: string, event: string, payload: unknown) {
      deliverLocally(room, event, payload);
      if (redisClients.length) io.serverSideEmit("realtime:publish", { room, event, payload });
    },
    /** Tells the other app processes (through the Redis adapter); a no-op for a single process. */
    tellOtherServers(event: string, payload: unknown) {
      if (redisClients.length) io.serverSideEmit(event, payload);
    },
    onServerEvent(event: string, listener: (payload: unknown) => void) {
      io.on(event as "connection", listener as never);
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    },
  };
}
