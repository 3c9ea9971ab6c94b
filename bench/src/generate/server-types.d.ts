// The generator imports the server's seed, which reaches modules whose routes use the cookie and multipart
// plugins' declarations (the server loads them in app.ts); bring those declarations into the bench's program.
import '@fastify/cookie';
import '@fastify/multipart';
