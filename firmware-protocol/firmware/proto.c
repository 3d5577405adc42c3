#include "proto.h"

#include <string.h>

/* Wrap-safe "a is at or after b" for the 32-bit millisecond clock (wraps every ~49 days). */
#define TIME_REACHED(now, t) ((int32_t)((uint32_t)(now) - (uint32_t)(t)) >= 0)

const char *proto_err_name(proto_err_t e)
{
	switch (e) {
	case PROTO_OK: return "ok";
	case PROTO_E_TOO_LONG: return "too_long";
	case PROTO_E_BAD_CHAR: return "bad_char";
	case PROTO_E_FRAMING: return "framing";
	case PROTO_E_CRC: return "crc";
	case PROTO_E_UNKNOWN_TYPE: return "unknown_type";
	case PROTO_E_FIELD_COUNT: return "field_count";
	case PROTO_E_BAD_FIELD: return "bad_field";
	}
	return "?";
}

uint16_t proto_crc16(const uint8_t *data, size_t len)
{
	uint16_t crc = 0xFFFF;
	while (len--) {
		crc ^= (uint16_t)(*data++) << 8;
		for (uint8_t bit = 0; bit < 8; bit++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

/* ---- encoding ---- */

typedef struct {
	char *p;
	char *end; /* one past the last usable byte, NUL excluded */
	uint8_t overflow;
} writer_t;

static void put_char(writer_t *w, char c)
{
	if (w->p < w->end) *w->p++ = c;
	else w->overflow = 1;
}

static void put_str(writer_t *w, const char *s)
{
	while (*s) put_char(w, *s++);
}

static void put_u32(writer_t *w, uint32_t v)
{
	char tmp[10];
	uint8_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n) put_char(w, tmp[--n]);
}

static const char HEX[] = "0123456789ABCDEF";

/* out[1..] already holds the body up to w->p; close the frame. */
static size_t finish(char *out, writer_t *w)
{
	if (w->overflow) return 0;
	uint16_t crc = proto_crc16((const uint8_t *)out + 1, (size_t)(w->p - out - 1));
	put_char(w, '*');
	for (int8_t shift = 12; shift >= 0; shift -= 4) put_char(w, HEX[(crc >> shift) & 0xF]);
	put_char(w, '\r');
	put_char(w, '\n');
	if (w->overflow) return 0;
	*w->p = '\0';
	return (size_t)(w->p - out);
}

static uint8_t start(char *out, size_t cap, writer_t *w)
{
	if (cap < 2) return 0;
	w->p = out;
	w->end = out + cap - 1;
	w->overflow = 0;
	put_char(w, '$');
	return 1;
}

size_t proto_encode_hello(char *out, size_t cap, const char *uid, const char *fw, uint8_t buttons,
			  uint32_t boot)
{
	writer_t w;
	if (!start(out, cap, &w)) return 0;
	put_str(&w, "HELLO,");
	put_str(&w, uid);
	put_char(&w, ',');
	put_str(&w, fw);
	put_char(&w, ',');
	put_u32(&w, buttons);
	put_char(&w, ',');
	put_u32(&w, boot);
	return finish(out, &w);
}

size_t proto_encode_press(char *out, size_t cap, uint32_t boot, uint32_t seq, uint32_t button,
			  uint32_t age_ms)
{
	writer_t w;
	if (!start(out, cap, &w)) return 0;
	put_str(&w, "PRESS,");
	put_u32(&w, boot);
	put_char(&w, ',');
	put_u32(&w, seq);
	put_char(&w, ',');
	put_u32(&w, button);
	put_char(&w, ',');
	put_u32(&w, age_ms);
	return finish(out, &w);
}

size_t proto_encode_hb(char *out, size_t cap, uint32_t boot, uint32_t last_seq, uint32_t pending)
{
	writer_t w;
	if (!start(out, cap, &w)) return 0;
	put_str(&w, "HB,");
	put_u32(&w, boot);
	put_char(&w, ',');
	put_u32(&w, last_seq);
	put_char(&w, ',');
	put_u32(&w, pending);
	return finish(out, &w);
}

/* ---- parsing host frames ---- */

static int8_t hex_digit(char c)
{
	if (c >= '0' && c <= '9') return (int8_t)(c - '0');
	if (c >= 'A' && c <= 'F') return (int8_t)(c - 'A' + 10);
	return -1; /* lower-case hex is not accepted */
}

/* Canonical uint32: digits only, no leading zero, at most 4294967295. */
static uint8_t parse_u32(const char *s, size_t n, uint32_t min, uint32_t *out)
{
	if (n == 0 || n > 10) return 0;
	if (n > 1 && s[0] == '0') return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') return 0;
	if (n == 10 && memcmp(s, "4294967295", 10) > 0) return 0;
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) v = v * 10 + (uint32_t)(s[i] - '0');
	if (v < min) return 0;
	*out = v;
	return 1;
}

static uint8_t field_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

#define MAX_FIELDS 6

proto_err_t proto_parse_host(const char *line, size_t len, proto_host_frame_t *out)
{
	if (len >= 2 && line[len - 2] == '\r' && line[len - 1] == '\n') len -= 2;
	else if (len >= 1 && line[len - 1] == '\n') len -= 1;

	if (len > PROTO_MAX_LINE) return PROTO_E_TOO_LONG;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)line[i];
		if (c < 0x20 || c > 0x7E) return PROTO_E_BAD_CHAR;
	}
	if (len == 0 || line[0] != '$') return PROTO_E_FRAMING;
	const char *star = memchr(line + 1, '*', len - 1);
	if (!star) return PROTO_E_FRAMING;
	const char *body = line + 1;
	size_t blen = (size_t)(star - body);
	if (memchr(body, '$', blen)) return PROTO_E_FRAMING;
	const char *crc_text = star + 1;
	size_t clen = len - (size_t)(crc_text - line);
	if (clen != 4) return PROTO_E_FRAMING;
	uint16_t got = 0;
	for (uint8_t i = 0; i < 4; i++) {
		int8_t d = hex_digit(crc_text[i]);
		if (d < 0) return PROTO_E_FRAMING;
		got = (uint16_t)((got << 4) | (uint8_t)d);
	}
	if (blen == 0) return PROTO_E_FRAMING;
	if (proto_crc16((const uint8_t *)body, blen) != got) return PROTO_E_CRC;

	const char *f[MAX_FIELDS];
	size_t fl[MAX_FIELDS];
	uint8_t nf = 0;
	const char *p = body;
	const char *end = body + blen;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *fend = comma ? comma : end;
		if (nf < MAX_FIELDS) {
			f[nf] = p;
			fl[nf] = (size_t)(fend - p);
		}
		nf = nf < 255 ? nf + 1 : nf;
		if (!comma) break;
		p = comma + 1;
	}

	uint8_t want;
	if (field_is(f[0], fl[0], "WHO")) out->type = PROTO_HOST_WHO, want = 1;
	else if (field_is(f[0], fl[0], "ACK")) out->type = PROTO_HOST_ACK, want = 3;
	else if (field_is(f[0], fl[0], "NAK")) out->type = PROTO_HOST_NAK, want = 4;
	else if (field_is(f[0], fl[0], "LED")) out->type = PROTO_HOST_LED, want = 2;
	else return PROTO_E_UNKNOWN_TYPE;
	if (nf != want) return PROTO_E_FIELD_COUNT;

	out->boot = 0;
	out->seq = 0;
	out->led = PROTO_LED_IDLE;
	out->reason[0] = '\0';
	switch (out->type) {
	case PROTO_HOST_WHO:
		break;
	case PROTO_HOST_ACK:
	case PROTO_HOST_NAK:
		if (!parse_u32(f[1], fl[1], 0, &out->boot)) return PROTO_E_BAD_FIELD;
		if (!parse_u32(f[2], fl[2], 1, &out->seq)) return PROTO_E_BAD_FIELD;
		if (out->type == PROTO_HOST_NAK) {
			if (fl[3] < 1 || fl[3] > 32) return PROTO_E_BAD_FIELD;
			for (size_t i = 0; i < fl[3]; i++) {
				char c = f[3][i];
				if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				      c == '_' || c == '-'))
					return PROTO_E_BAD_FIELD;
			}
			memcpy(out->reason, f[3], fl[3]);
			out->reason[fl[3]] = '\0';
		}
		break;
	case PROTO_HOST_LED:
		if (field_is(f[1], fl[1], "IDLE")) out->led = PROTO_LED_IDLE;
		else if (field_is(f[1], fl[1], "ASK")) out->led = PROTO_LED_ASK;
		else if (field_is(f[1], fl[1], "THANKS")) out->led = PROTO_LED_THANKS;
		else return PROTO_E_BAD_FIELD;
		break;
	}
	return PROTO_OK;
}

/* ---- line assembler ---- */

void proto_rx_init(proto_rx_t *rx)
{
	rx->len = 0;
	rx->discarding = 0;
}

int proto_rx_byte(proto_rx_t *rx, uint8_t b)
{
	if (b == '\n') {
		if (rx->discarding) {
			rx->discarding = 0;
			return PROTO_RX_DISCARD;
		}
		uint8_t n = rx->len;
		rx->len = 0;
		if (n > 0 && rx->buf[n - 1] == '\r') n--;
		if (n > PROTO_MAX_LINE) return PROTO_RX_DISCARD;
		if (n == 0) return PROTO_RX_NONE;
		rx->buf[n] = '\0';
		return n;
	}
	if (rx->discarding) return PROTO_RX_NONE;
	if (rx->len == PROTO_MAX_LINE + 1) {
		rx->discarding = 1;
		rx->len = 0;
		return PROTO_RX_NONE;
	}
	rx->buf[rx->len++] = (char)b;
	return PROTO_RX_NONE;
}

/* ---- the box ---- */

void proto_box_init(proto_box_t *b, const char *uid, const char *fw, uint8_t buttons, uint32_t boot,
		    uint32_t now)
{
	memset(b, 0, sizeof *b);
	b->uid = uid;
	b->fw = fw;
	b->buttons = buttons;
	b->boot = boot;
	b->hello_due = 1;
	b->next_hb = now + PROTO_HB_INTERVAL_MS;
	b->led = PROTO_LED_IDLE;
	b->led_since = now;
}

uint32_t proto_box_press(proto_box_t *b, uint8_t button, uint32_t pressed_at)
{
	uint32_t seq = ++b->last_seq;
	for (uint8_t i = 0; i < PROTO_RING_SIZE; i++) {
		proto_slot_t *s = &b->ring[i];
		if (s->seq) continue;
		s->seq = seq;
		s->button = button;
		s->pressed_at = pressed_at;
		s->next_send = pressed_at; /* due at once */
		s->interval_s = (uint8_t)(PROTO_RESEND_FIRST_MS / 1000);
		b->pending++;
		return seq;
	}
	b->dropped++;
	return 0;
}

size_t proto_box_poll(proto_box_t *b, uint32_t now, char *out, size_t cap)
{
	if (b->hello_due) {
		size_t n = proto_encode_hello(out, cap, b->uid, b->fw, b->buttons, b->boot);
		if (n) b->hello_due = 0;
		return n;
	}
	if (TIME_REACHED(now, b->next_hb)) {
		b->next_hb = now + PROTO_HB_INTERVAL_MS;
		return proto_encode_hb(out, cap, b->boot, b->last_seq, b->pending);
	}
	/* The oldest due press first, so a resend burst after an outage keeps press order. */
	proto_slot_t *due = 0;
	for (uint8_t i = 0; i < PROTO_RING_SIZE; i++) {
		proto_slot_t *s = &b->ring[i];
		if (s->seq && TIME_REACHED(now, s->next_send) && (!due || s->seq < due->seq)) due = s;
	}
	if (!due) return 0;
	size_t n = proto_encode_press(out, cap, b->boot, due->seq, due->button, now - due->pressed_at);
	if (!n) return 0;
	due->next_send = now + (uint32_t)due->interval_s * 1000UL;
	uint16_t next = (uint16_t)due->interval_s * 2;
	due->interval_s = (uint8_t)(next > PROTO_RESEND_MAX_MS / 1000 ? PROTO_RESEND_MAX_MS / 1000 : next);
	return n;
}

static void drop(proto_box_t *b, uint32_t boot, uint32_t seq)
{
	if (boot != b->boot) return; /* a previous boot's presses are gone already */
	for (uint8_t i = 0; i < PROTO_RING_SIZE; i++) {
		if (b->ring[i].seq == seq) {
			b->ring[i].seq = 0;
			b->pending--;
			return;
		}
	}
}

proto_err_t proto_box_receive(proto_box_t *b, const char *line, size_t len, uint32_t now)
{
	proto_host_frame_t f;
	proto_err_t e = proto_parse_host(line, len, &f);
	if (e != PROTO_OK) {
		b->bad_frames++;
		return e;
	}
	switch (f.type) {
	case PROTO_HOST_WHO:
		/* The host has (re)opened the port: introduce ourselves and resend everything now,
		 * with the backoff started afresh. */
		b->hello_due = 1;
		for (uint8_t i = 0; i < PROTO_RING_SIZE; i++) {
			if (!b->ring[i].seq) continue;
			b->ring[i].next_send = now;
			b->ring[i].interval_s = (uint8_t)(PROTO_RESEND_FIRST_MS / 1000);
		}
		break;
	case PROTO_HOST_ACK:
	case PROTO_HOST_NAK:
		drop(b, f.boot, f.seq);
		break;
	case PROTO_HOST_LED:
		b->led = f.led;
		b->led_since = now;
		break;
	}
	return PROTO_OK;
}

uint8_t proto_box_led(proto_box_t *b, uint32_t now)
{
	if (b->led == PROTO_LED_THANKS && TIME_REACHED(now, b->led_since + PROTO_THANKS_MS))
		b->led = PROTO_LED_IDLE;
	return b->led;
}
