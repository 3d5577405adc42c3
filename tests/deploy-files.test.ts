import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * deploy/: the nginx configuration and the systemd unit are checked by the tools that will read
 * them (when installed here), and the nginx configuration keeps up with the app: every route
 * that streams events is unbuffered there.
 */
const deploy = (name: string) => fs.readFileSync(path.resolve('deploy', name), 'utf8');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-deploy-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Routes whose handler answers text/event-stream, as URL paths (/app/live). */
function eventStreamRoutes(): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+server.ts' && fs.readFileSync(full, 'utf8').includes('text/event-stream')) {
				const route = path.relative('src/routes', path.dirname(full)).split(path.sep).filter((p) => !/^\(.*\)$/.test(p));
				found.push('/' + route.join('/'));
			}
		}
	};
	walk('src/routes');
	return found;
}

describe('deployment files', () => {
	it('streams every event route unbuffered through nginx', () => {
		const conf = deploy('nginx.conf');
		const streaming = [...conf.matchAll(/location ~ (\S+) \{([^}]*)\}/g)].filter((m) => /proxy_buffering off/.test(m[2])).map((m) => new RegExp(m[1]));
		const routes = eventStreamRoutes();
		expect(routes.length).toBeGreaterThan(0);
		for (const route of routes) expect(streaming.some((re) => re.test(route)), `${route} in an unbuffered location of deploy/nginx.conf`).toBe(true);
	});

	it('sets the proxy headers the app is told to read', () => {
		const conf = deploy('nginx.conf');
		const env = deploy('hai-long.env.example');
		expect(env).toMatch(/^ADDRESS_HEADER=X-Forwarded-For$/m);
		expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
		expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
		expect(env).toMatch(/^ORIGIN=https:\/\//m);
		expect([...conf.matchAll(/^\s*server \S+:\d+/gm)].length).toBeGreaterThanOrEqual(2);
	});

	it.skipIf(!has('nginx') || !has('openssl'))('is a configuration nginx accepts', () => {
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${work}/key.pem`, '-out', `${work}/cert.pem`, '-days', '1', '-subj', '/CN=test'], { stdio: 'ignore' });
		const site = deploy('nginx.conf')
			.replace('/etc/ssl/hai-long/fullchain.pem', `${work}/cert.pem`)
			.replace('/etc/ssl/hai-long/privkey.pem', `${work}/key.pem`)
			.replace(/listen (\[::\]:)?(80|443)/g, (_, v6: string | undefined, port: string) => `listen ${v6 ? '[::1]:' : ''}${port === '80' ? 4480 : 4443}`);
		fs.writeFileSync(`${work}/site.conf`, site);
		fs.writeFileSync(`${work}/main.conf`, `pid ${work}/nginx.pid;\nerror_log ${work}/error.log;\nevents {}\nhttp {\n access_log off;\n include ${work}/site.conf;\n}\n`);
		const check = spawnSync('nginx', ['-t', '-c', `${work}/main.conf`, '-p', work], { encoding: 'utf8' });
		expect(check.stderr).toMatch(/test is successful/);
	});

	it.skipIf(!has('systemd-analyze'))('is a unit systemd accepts, restarting always as a user of its own', () => {
		const unit = deploy('hai-long.service');
		expect(unit).toMatch(/^Restart=always$/m);
		expect(unit).toMatch(/^User=hai-long$/m);
		expect(unit).toMatch(/^EnvironmentFile=/m);
		expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
		const copy = path.join(work, 'hai-long.service');
		fs.writeFileSync(copy, unit);
		const check = spawnSync('systemd-analyze', ['verify', '--man=no', copy], { encoding: 'utf8' });
		// a missing /usr/bin/node or user on this machine is not the unit's fault
		const problems = check.stderr.split('\n').filter((l) => l.trim() && !/is not executable|No such file|Failed to resolve user|Unknown user/i.test(l));
		expect(problems).toEqual([]);
	});
});
