import net from 'node:net';

/** What a raw HTTP exchange answered: status line code, lower-cased headers and the body text. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `request` byte for byte on a fresh TCP connection and reads until the server closes it or the
 * first answer is complete. For requests `inject` cannot express (unparseable HTTP, framing conflicts).
 */
export function rawHttp(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const finish = () => {
      socket.destroy();
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      if (headers['content-length']) body = Buffer.from(body).subarray(0, Number(headers['content-length'])).toString();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      const end = data.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(data.slice(0, end))?.[1];
      if (end >= 0 && length !== undefined && Buffer.byteLength(data.slice(end + 4)) >= Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (data ? finish() : reject(error)));
    socket.write(request);
  });
}
