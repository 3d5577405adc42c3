/*
 * Host unit tests of proto.c: the shared vectors (CRC, encoding of box frames, parsing of host
 * frames, error codes), the line assembler, and the resend ring with a fake clock.
 * Usage: test_proto path/to/frames.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../proto.h"

static int failures;
static int checks;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		checks++;                                                     \
		if (!(cond)) {                                                \
			failures++;                                           \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
		}                                                             \
	} while (0)

/* ---- vectors ---- */

static size_t unescape(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	while (*s && n < cap) {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'r': out[n++] = '\r'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case '\\': out[n++] = '\\'; s++; break;
		case 'x': {
			char hex[3] = {s[1], s[2], 0};
			out[n++] = (char)strtol(hex, NULL, 16);
			s += 3;
			break;
		}
		default:
			fprintf(stderr, "bad escape in vectors\n");
			exit(2);
		}
	}
	return n;
}

/* Value of key in "type=PRESS boot=12 …", copied into out; returns 0 if absent. */
static int field(const char *fields, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	const char *p = fields;
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *v = p + kl + 1;
			size_t n = strcspn(v, " ");
			if (n >= cap) n = cap - 1;
			memcpy(out, v, n);
			out[n] = 0;
			return 1;
		}
		p = strchr(p, ' ');
		if (p) p++;
	}
	return 0;
}

static unsigned long num(const char *fields, const char *key)
{
	char v[40];
	if (!field(fields, key, v, sizeof v)) {
		fprintf(stderr, "vector lacks %s: %s\n", key, fields);
		exit(2);
	}
	return strtoul(v, NULL, 10);
}

static int is_box_type(const char *line, size_t len)
{
	static const char *types[] = {"$HELLO,", "$PRESS,", "$HB,"};
	for (int i = 0; i < 3; i++) {
		size_t tl = strlen(types[i]);
		if (len >= tl && memcmp(line, types[i], tl) == 0) return 1;
	}
	return 0;
}

static int is_host_type(const char *line, size_t len)
{
	static const char *types[] = {"$WHO*", "$ACK,", "$NAK,", "$LED,", "$WHO,", "$LED*", "$ACK*", "$NAK*"};
	for (int i = 0; i < 8; i++)
		if (len >= 5 && memcmp(line, types[i], 5) == 0) return 1;
	return 0;
}

/* The canonical `\r\n` form of a vector line, as an encoder must write it. */
static size_t canonical(const char *line, size_t len, char *out)
{
	if (len >= 2 && line[len - 2] == '\r' && line[len - 1] == '\n') len -= 2;
	else if (len >= 1 && line[len - 1] == '\n') len -= 1;
	memcpy(out, line, len);
	out[len] = '\r';
	out[len + 1] = '\n';
	out[len + 2] = 0;
	return len + 2;
}

static void check_ok(const char *name, const char *line, size_t len, const char *fields)
{
	char type[16], canon[512], enc[PROTO_FRAME_MAX];
	field(fields, "type", type, sizeof type);
	size_t clen = canonical(line, len, canon);
	proto_host_frame_t f;
	proto_err_t e = proto_parse_host(line, len, &f);

	if (!strcmp(type, "HELLO") || !strcmp(type, "PRESS") || !strcmp(type, "HB")) {
		CHECK(e == PROTO_E_UNKNOWN_TYPE, "%s: a box must not accept %s (got %s)", name, type, proto_err_name(e));
		size_t n = 0;
		if (!strcmp(type, "HELLO")) {
			char uid[40], fw[40];
			field(fields, "uid", uid, sizeof uid);
			field(fields, "fw", fw, sizeof fw);
			n = proto_encode_hello(enc, sizeof enc, uid, fw, (uint8_t)num(fields, "buttons"),
					       (uint32_t)num(fields, "boot"));
		} else if (!strcmp(type, "PRESS")) {
			n = proto_encode_press(enc, sizeof enc, (uint32_t)num(fields, "boot"), (uint32_t)num(fields, "seq"),
					       (uint32_t)num(fields, "button"), (uint32_t)num(fields, "ageMs"));
		} else {
			n = proto_encode_hb(enc, sizeof enc, (uint32_t)num(fields, "boot"), (uint32_t)num(fields, "lastSeq"),
					    (uint32_t)num(fields, "pending"));
		}
		CHECK(n == clen && memcmp(enc, canon, clen) == 0, "%s: encoded %s, want %s", name, enc, canon);
		CHECK(strlen(enc) == n, "%s: NUL-terminated", name);
		return;
	}

	CHECK(e == PROTO_OK, "%s: parse failed with %s", name, proto_err_name(e));
	if (e != PROTO_OK) return;
	if (!strcmp(type, "WHO")) {
		CHECK(f.type == PROTO_HOST_WHO, "%s: type", name);
	} else if (!strcmp(type, "ACK") || !strcmp(type, "NAK")) {
		CHECK(f.type == (!strcmp(type, "ACK") ? PROTO_HOST_ACK : PROTO_HOST_NAK), "%s: type", name);
		CHECK(f.boot == num(fields, "boot"), "%s: boot %lu", name, (unsigned long)f.boot);
		CHECK(f.seq == num(fields, "seq"), "%s: seq %lu", name, (unsigned long)f.seq);
		if (!strcmp(type, "NAK")) {
			char reason[40];
			field(fields, "reason", reason, sizeof reason);
			CHECK(!strcmp(f.reason, reason), "%s: reason %s", name, f.reason);
		}
	} else if (!strcmp(type, "LED")) {
		char mode[16];
		field(fields, "mode", mode, sizeof mode);
		int want = !strcmp(mode, "IDLE") ? PROTO_LED_IDLE : !strcmp(mode, "ASK") ? PROTO_LED_ASK : PROTO_LED_THANKS;
		CHECK(f.type == PROTO_HOST_LED && f.led == want, "%s: led %d", name, f.led);
	} else {
		CHECK(0, "%s: unexpected type %s", name, type);
	}
}

/* Errors up to crc are decided before the type is known, so the box must agree exactly. After
 * that, a host-type frame must fail the same way and a box-type frame as unknown_type. */
static void check_bad(const char *name, const char *line, size_t len, const char *expect)
{
	proto_host_frame_t f;
	proto_err_t e = proto_parse_host(line, len, &f);
	const char *got = proto_err_name(e);
	int early = !strcmp(expect, "too_long") || !strcmp(expect, "bad_char") || !strcmp(expect, "framing") ||
		    !strcmp(expect, "crc") || !strcmp(expect, "unknown_type");
	if (early || is_host_type(line, len)) {
		CHECK(!strcmp(got, expect), "%s: got %s, want %s", name, got, expect);
	} else {
		CHECK(is_box_type(line, len), "%s: vector is neither a host nor a box type", name);
		CHECK(e == PROTO_E_UNKNOWN_TYPE, "%s: got %s, want unknown_type (box frame)", name, got);
	}
}

static int run_vectors(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		perror(path);
		exit(2);
	}
	static char text[4096];
	int count = 0, frames = 0;
	while (fgets(text, sizeof text, fp)) {
		size_t tl = strlen(text);
		if (tl && text[tl - 1] == '\n') text[--tl] = 0;
		if (tl == 0 || text[0] == '#') continue;
		char *cols[4];
		int nc = 0;
		char *p = text;
		while (nc < 4) {
			cols[nc++] = p;
			char *tab = strchr(p, '\t');
			if (!tab) break;
			*tab = 0;
			p = tab + 1;
		}
		if (nc != 4) {
			fprintf(stderr, "vector line needs 4 columns: %s\n", text);
			exit(2);
		}
		char line[1024];
		size_t len = unescape(cols[2], line, sizeof line);
		count++;
		if (!strcmp(cols[1], "crc16")) {
			char hex[5];
			snprintf(hex, sizeof hex, "%04X", proto_crc16((const uint8_t *)line, len));
			CHECK(!strcmp(hex, cols[3]), "%s: crc %s, want %s", cols[0], hex, cols[3]);
			continue;
		}
		frames++;
		if (!strcmp(cols[1], "ok")) check_ok(cols[0], line, len, cols[3]);
		else check_bad(cols[0], line, len, cols[1]);

		/* The line assembler delivers the same line, terminator stripped, byte by byte. */
		proto_rx_t rx;
		proto_rx_init(&rx);
		int r = PROTO_RX_NONE;
		for (size_t i = 0; i < len; i++) r = proto_rx_byte(&rx, (uint8_t)line[i]);
		if (len && line[len - 1] == '\n' && !strcmp(cols[1], "ok")) {
			char canon[512];
			size_t clen = canonical(line, len, canon) - 2;
			CHECK(r == (int)clen && memcmp(rx.buf, canon, clen) == 0, "%s: assembler gave %d", cols[0], r);
		}
	}
	fclose(fp);
	CHECK(frames >= 40, "only %d frame vectors", frames);
	printf("vectors: %d (%d frames)\n", count, frames);
	return count;
}

/* ---- line assembler ---- */

static void test_rx(void)
{
	proto_rx_t rx;
	proto_rx_init(&rx);
	int r = PROTO_RX_NONE;
	/* 128 content bytes + CRLF: kept. */
	for (int i = 0; i < 128; i++) r = proto_rx_byte(&rx, 'X');
	CHECK(r == PROTO_RX_NONE, "no line yet");
	proto_rx_byte(&rx, '\r');
	r = proto_rx_byte(&rx, '\n');
	CHECK(r == 128, "128-byte line kept, got %d", r);
	/* 129 bytes + LF: discarded; so is a long run of garbage, in bounded memory. */
	for (int i = 0; i < 129; i++) proto_rx_byte(&rx, 'Y');
	CHECK(proto_rx_byte(&rx, '\n') == PROTO_RX_DISCARD, "129 discarded");
	for (int i = 0; i < 100000; i++) proto_rx_byte(&rx, 'Z');
	CHECK(rx.len <= PROTO_MAX_LINE + 1, "bounded");
	CHECK(proto_rx_byte(&rx, '\n') == PROTO_RX_DISCARD, "garbage discarded");
	/* Empty lines are skipped; the next frame arrives intact. */
	CHECK(proto_rx_byte(&rx, '\r') == PROTO_RX_NONE, "cr");
	CHECK(proto_rx_byte(&rx, '\n') == PROTO_RX_NONE, "empty line skipped");
	const char *who = "$WHO*2A8C\r\n";
	for (const char *p = who; *p; p++) r = proto_rx_byte(&rx, (uint8_t)*p);
	CHECK(r == 9 && !strcmp(rx.buf, "$WHO*2A8C"), "who after garbage: %d %s", r, rx.buf);
}

/* ---- the box with a fake clock ---- */

typedef struct {
	char type[8];
	unsigned long a, b, c, d;
} sent_t;

/* Polls until nothing is due at `now`; parses what the box wrote (it is our own encoding, so a
 * plain sscanf after the `$` is enough). */
static int drain(proto_box_t *box, unsigned long now, sent_t *out, int max)
{
	char buf[PROTO_FRAME_MAX];
	int n = 0;
	size_t len;
	while ((len = proto_box_poll(box, (uint32_t)now, buf, sizeof buf)) > 0) {
		CHECK(len < PROTO_FRAME_MAX && buf[len - 1] == '\n', "frame shape");
		if (n < max) {
			memset(&out[n], 0, sizeof out[n]);
			char *body = buf + 1;
			size_t tl = strcspn(body, ",*");
			memcpy(out[n].type, body, tl < 7 ? tl : 7);
			if (!strcmp(out[n].type, "PRESS"))
				sscanf(body, "PRESS,%lu,%lu,%lu,%lu", &out[n].a, &out[n].b, &out[n].c, &out[n].d);
			else if (!strcmp(out[n].type, "HB"))
				sscanf(body, "HB,%lu,%lu,%lu", &out[n].a, &out[n].b, &out[n].c);
			else if (!strcmp(out[n].type, "HELLO"))
				sscanf(body, "HELLO,%*[^,],%*[^,],%lu,%lu", &out[n].a, &out[n].b);
		}
		n++;
		if (n > 1000) break;
	}
	return n;
}

static void host_line(proto_box_t *box, const char *body, unsigned long now)
{
	char line[PROTO_FRAME_MAX];
	snprintf(line, sizeof line, "$%s*%04X\r\n", body, proto_crc16((const uint8_t *)body, strlen(body)));
	proto_err_t e = proto_box_receive(box, line, strlen(line), (uint32_t)now);
	CHECK(e == PROTO_OK, "host line %s: %s", body, proto_err_name(e));
}

static void test_box_basics(void)
{
	proto_box_t box;
	sent_t s[100];
	proto_box_init(&box, "BOX-7", "1.0.0", 5, 12, 1000);
	int n = drain(&box, 1000, s, 100);
	CHECK(n == 1 && !strcmp(s[0].type, "HELLO") && s[0].a == 5 && s[0].b == 12, "hello at power-up");

	CHECK(proto_box_press(&box, 3, 1500) == 1, "first seq is 1");
	n = drain(&box, 1600, s, 100);
	CHECK(n == 1 && !strcmp(s[0].type, "PRESS") && s[0].a == 12 && s[0].b == 1 && s[0].c == 3 && s[0].d == 100,
	      "press sent at once with its age: %d %s %lu", n, s[0].type, s[0].d);
	CHECK(drain(&box, 3599, s, 100) == 0, "nothing before 2 s");
	n = drain(&box, 3600, s, 100);
	CHECK(n == 1 && s[0].b == 1 && s[0].d == 2100, "resent after 2 s with age 2100");

	/* Heartbeat every 5 s with last seq and pending count. */
	n = drain(&box, 6000, s, 100);
	CHECK(n >= 1 && !strcmp(s[0].type, "HB") && s[0].a == 12 && s[0].b == 1 && s[0].c == 1, "hb");

	host_line(&box, "ACK,12,1", 6100);
	CHECK(box.pending == 0, "ack frees the slot");
	CHECK(drain(&box, 60000, s, 100) == 1 && !strcmp(s[0].type, "HB"), "no resend after ack, only hb");

	/* ACK of another boot, or of an unknown seq, changes nothing. */
	CHECK(proto_box_press(&box, 1, 61000) == 2, "seq 2");
	host_line(&box, "ACK,11,2", 61000);
	host_line(&box, "ACK,12,3", 61000);
	CHECK(box.pending == 1, "still pending");
	host_line(&box, "NAK,12,2,button_range", 61000);
	CHECK(box.pending == 0, "nak drops");

	/* Bad lines are counted and ignored. */
	proto_err_t e = proto_box_receive(&box, "$ACK,12,2*0000\r\n", 16, 61000);
	CHECK(e == PROTO_E_CRC && box.bad_frames == 1, "bad crc counted");
}

static void test_backoff(void)
{
	proto_box_t box;
	sent_t s[10];
	proto_box_init(&box, "B", "1", 3, 1, 0);
	drain(&box, 0, s, 10);
	box.next_hb = 0x70000000UL; /* keep heartbeats out of this test */
	proto_box_press(&box, 2, 0);
	/* Sends at 0, then +2, +4, +8, +16, +30, +30 … seconds. */
	const unsigned long expect[] = {0, 2000, 6000, 14000, 30000, 60000, 90000, 120000};
	unsigned long t = 0;
	int k = 0;
	for (t = 0; t <= 125000 && k < 9; t += 50) {
		int n = drain(&box, t, s, 10);
		if (n == 0) continue;
		CHECK(n == 1 && k < 8 && t == expect[k], "send %d at %lu, want %lu", k, t, k < 8 ? expect[k] : 0);
		k++;
	}
	CHECK(k == 8, "8 sends, got %d", k);

	/* WHO: HELLO, then everything pending at once with the backoff restarted. */
	host_line(&box, "WHO", 125000);
	int n = drain(&box, 125000, s, 10);
	CHECK(n == 2 && !strcmp(s[0].type, "HELLO") && !strcmp(s[1].type, "PRESS"), "who: hello + resend");
	CHECK(drain(&box, 126999, s, 10) == 0 && drain(&box, 127000, s, 10) == 1, "2 s after who");

	/* The clock wrapping past 2^32 ms does not stall resends: 4096 ms before the wrap. */
	proto_box_init(&box, "B", "1", 3, 2, 0xFFFFF000UL);
	drain(&box, 0xFFFFF000UL, s, 10);
	box.next_hb = 0x70000000UL;
	proto_box_press(&box, 1, 0xFFFFF000UL);
	CHECK(drain(&box, 0xFFFFF000UL, s, 10) == 1, "first send before the wrap");
	CHECK(drain(&box, 0xFFFFF7CFUL, s, 10) == 0 && drain(&box, 0xFFFFF7D0UL, s, 10) == 1, "+2 s");
	CHECK(drain(&box, 0x0000076FUL, s, 10) == 0, "+4 s lands after the wrap: not yet");
	n = drain(&box, 0x00000770UL, s, 10);
	CHECK(n == 1 && s[0].d == 6000, "resent across the wrap with age %lu", s[0].d);
}

static void test_ring(void)
{
	proto_box_t box;
	sent_t s[200];
	proto_box_init(&box, "B", "1", 5, 7, 0);
	drain(&box, 0, s, 200);
	box.next_hb = 0x70000000UL;
	for (int i = 1; i <= PROTO_RING_SIZE; i++)
		CHECK(proto_box_press(&box, (uint8_t)(1 + i % 5), (uint32_t)i) == (uint32_t)i, "seq %d", i);
	CHECK(box.pending == PROTO_RING_SIZE, "ring holds %d", PROTO_RING_SIZE);
	/* Full: the next press is dropped but its seq is used, so the host sees the gap. */
	CHECK(proto_box_press(&box, 1, 100) == 0 && box.dropped == 1 && box.last_seq == PROTO_RING_SIZE + 1,
	      "dropped when full");
	int n = drain(&box, 200, s, 200);
	CHECK(n == PROTO_RING_SIZE, "all pending sent: %d", n);
	for (int i = 0; i < n; i++) CHECK(s[i].b == (unsigned long)(i + 1), "in seq order: %lu", s[i].b);
	/* ACK half of them, in a scrambled order; the rest keep being resent. */
	char body[32];
	for (int i = 1; i <= PROTO_RING_SIZE; i += 2) {
		snprintf(body, sizeof body, "ACK,7,%d", (i * 37) % PROTO_RING_SIZE + 1);
		host_line(&box, body, 300);
	}
	CHECK(box.pending == PROTO_RING_SIZE / 2, "half left: %d", box.pending);
	n = drain(&box, 2200, s, 200);
	CHECK(n == PROTO_RING_SIZE / 2, "only unacked resent: %d", n);
	/* A freed slot takes a new press. */
	CHECK(proto_box_press(&box, 2, 3000) == PROTO_RING_SIZE + 2, "new press after acks");
}

static void test_led(void)
{
	proto_box_t box;
	proto_box_init(&box, "B", "1", 3, 1, 0);
	CHECK(proto_box_led(&box, 0) == PROTO_LED_IDLE, "idle at start");
	host_line(&box, "LED,ASK", 100);
	CHECK(proto_box_led(&box, 100000) == PROTO_LED_ASK, "ask stays");
	host_line(&box, "LED,THANKS", 200000);
	CHECK(proto_box_led(&box, 204999) == PROTO_LED_THANKS, "thanks");
	CHECK(proto_box_led(&box, 205000) == PROTO_LED_IDLE, "thanks times out");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s frames.tsv\n", argv[0]);
		return 2;
	}
	CHECK(proto_crc16((const uint8_t *)"123456789", 9) == 0x29B1, "check value");
	run_vectors(argv[1]);
	test_rx();
	test_box_basics();
	test_backoff();
	test_ring();
	test_led();
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
