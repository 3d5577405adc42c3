// Starts the built app. adapter-node assumes https when ORIGIN is unset, which makes every
// form post on a plain http://localhost trial look cross-site; default ORIGIN to the local
// URL so `npm start` works out of the box. Deployments behind TLS set ORIGIN themselves.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || 3000}`;
await import('../build/index.js');
