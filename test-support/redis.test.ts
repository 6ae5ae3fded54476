import { Socket } from "node:net";
import { expect, it } from "vitest";

it("the suite's redis-server answers on loopback at REDIS_URL", async () => {
  const url = new URL(process.env.REDIS_URL ?? "");
  expect(url.hostname).toBe("127.0.0.1");
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = new Socket();
    socket.once("error", reject);
    socket.once("data", (data) => (socket.destroy(), resolve(data.toString())));
    socket.connect(Number(url.port), url.hostname, () => socket.write("PING\r\n"));
  });
  expect(reply).toBe("+PONG\r\n");
});
