import type http from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { UserError } from "../lib/errors.ts";
import { RateLimiter } from "../lib/rate-limit.ts";
import type { Logger } from "../logger.ts";
import { isFacilitator, type Caller } from "../modules/deps.ts";
import { threadRoom } from "../modules/forums/forums.ts";
import { eventRoom, eventStaffRoom } from "../modules/live/live.ts";
import { liveJoinSchema } from "../modules/live/live.schema.ts";
import type { Services } from "../services.ts";
import { isSameOrigin } from "../origin.ts";
import { blogPostRoom } from "../modules/blogs/blogs.ts";
import { blogJoinSchema } from "../modules/blogs/blogs.schema.ts";

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

  // "N watching now" per live event: counted across every process (fetchSockets asks the others through
  // the Redis adapter), once a second at most per event, and only when someone joined or left.
  const watchingTimers = new Map<number, NodeJS.Timeout>();
  const watchersChanged = (eventId: number) => {
    if (watchingTimers.has(eventId)) return;
    const timer = setTimeout(async () => {
      watchingTimers.delete(eventId);
      try {
        const sockets = await io.in(eventRoom(eventId)).fetchSockets();
        // People, not tabs: a member with two tabs open counts once.
        const count = new Set(sockets.map((s) => (s.data.caller as Caller)?.id ?? s.id)).size;
        io.to(eventRoom(eventId)).emit("live:watching", { eventId, count });
      } catch (error) {
        log.warn({ err: error, eventId }, "could not count live watchers");
      }
    }, 1_000);
    timer.unref();
    watchingTimers.set(eventId, timer);
  };
  const eventIdOfRoom = (room: string) => (/^event:(\d+)$/.exec(room) ? Number(room.slice(6)) : null);

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
      const { eventId } = parsed.data;
      const rooms = isFacilitator(caller) ? [eventRoom(eventId), eventStaffRoom(eventId)] : [eventRoom(eventId)];
      const fresh = !socket.rooms.has(rooms[0]);
      await socket.join(rooms);
      try {
        const result = await services.live.catchUp(caller, parsed.data);
        if (fresh) watchersChanged(eventId);
        return result;
      } catch (error) {
        for (const room of rooms) await socket.leave(room);
        throw error;
      }
    });
    handle("live:leave", async (payload) => {
      const parsed = liveJoinSchema.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid event");
      const { eventId } = parsed.data;
      await socket.leave(eventRoom(eventId));
      await socket.leave(eventStaffRoom(eventId));
      watchersChanged(eventId);
      return {};
    });
    socket.on("disconnecting", () => {
      for (const room of socket.rooms) {
        const eventId = eventIdOfRoom(room);
        if (eventId !== null) watchersChanged(eventId);
      }
    });
    handle("live:post", (payload) => services.live.post(caller, payload));
    handle("live:vote", (payload) => services.live.vote(caller, payload));
    handle("live:question", (payload) => services.live.setQuestionStatus(caller, payload));
    handle("live:hide", (payload) => services.live.setHidden(caller, payload));
    // The same write path as the HTTP actions.
    handle("post:reply", (payload) => services.forums.replyToThread(caller, payload));
    handle("post:like", (payload) => services.forums.toggleLike(caller, payload));
    // ── Blogs: readers of a post receive "blog:comment" and "blog:liked" ──
    handle("blog:join", async (payload) => {
      const parsed = blogJoinSchema.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid blog post");
      await services.blogs.locatePost(caller, parsed.data.postId);
      await socket.join(blogPostRoom(parsed.data.postId));
      return {};
    });
    handle("blog:leave", async (payload) => {
      const parsed = blogJoinSchema.safeParse(payload);
      if (!parsed.success) throw new UserError("Invalid blog post");
      await socket.leave(blogPostRoom(parsed.data.postId));
      return {};
    });
  });

  // ── Fan-out in slices (measured by npm run bench:live) ──
  // One emit to a room of thousands of sockets writes to each of them in a single event-loop turn (tens of
  // ms under load); every database transaction step, acknowledgement and heartbeat waits behind it, and a
  // transaction holding the event's sequence lock holds it that much longer. Large rooms are therefore sent
  // to FANOUT_SLICE sockets at a time, yielding to I/O in between. One FIFO queue keeps each room's order.
  // Sockets that join while a message is being sliced get it from their catch-up (it is committed first).
  const FANOUT_SLICE = 200;
  const fanout: { event: string; payload: unknown; ids: string[]; next: number }[] = [];
  const deliverLocally = (room: string, event: string, payload: unknown, except?: string) => {
    const members = io.of("/").adapter.rooms.get(room);
    if (!members?.size) return;
    if (!fanout.length && members.size <= FANOUT_SLICE) return void (except ? io.local.to(room).except(except) : io.local.to(room)).emit(event, payload);
    const left = except ? io.of("/").adapter.rooms.get(except) : undefined;
    fanout.push({ event, payload, ids: left?.size ? [...members].filter((id) => !left.has(id)) : [...members], next: 0 });
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
  io.on("realtime:publish" as "connection", ((m: { room: string; event: string; payload: unknown; except?: string }) => deliverLocally(m.room, m.event, m.payload, m.except)) as never);

  return {
    io,
    publish(room: string, event: string, payload: unknown, opts?: { except?: string }) {
      deliverLocally(room, event, payload, opts?.except);
      if (redisClients.length) io.serverSideEmit("realtime:publish", { room, event, payload, except: opts?.except });
    },
    /** Tells the other app processes (through the Redis adapter); a no-op for a single process. */
    tellOtherServers(event: string, payload: unknown) {
      if (redisClients.length) io.serverSideEmit(event, payload);
    },
    onServerEvent(event: string, listener: (payload: unknown) => void) {
      io.on(event as "connection", listener as never);
    },
    async close() {
      for (const timer of watchingTimers.values()) clearTimeout(timer);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    },
  };
}
