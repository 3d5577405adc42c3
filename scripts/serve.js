// Starts the built app. adapter-node assumes https when ORIGIN is unset, which makes every
// form post on a plain http://localhost trial look cross-site; default ORIGIN to the local
// URL so `npm start` works out of the box. Deployments behind TLS set ORIGIN themselves.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || 3000}`;
// CSV imports of a few thousand dossiers exceed adapter-node's 512K default body limit.
process.env.BODY_SIZE_LIMIT ||= '12M';
await import('../build/index.js');
