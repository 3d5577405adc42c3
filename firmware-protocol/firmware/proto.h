/*
 * Button-box wire protocol v1, box side: CRC, frame encoding, host-frame parsing, the line
 * assembler and the resend ring. No hardware here: main.c feeds it bytes, presses and the
 * millisecond clock, so the same code runs in the host unit tests (test/test_proto.c).
 * The contract is ../PROTOCOL.md.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <stdint.h>

/* Longest line content in bytes, terminator excluded (longer lines are discarded). */
#define PROTO_MAX_LINE 128
/* Enough for the longest frame a box writes (HELLO with a 32-byte uid), CRLF and NUL. */
#define PROTO_FRAME_MAX 80

#ifndef PROTO_RING_SIZE
#define PROTO_RING_SIZE 64
#endif
#define PROTO_RESEND_FIRST_MS 2000UL
#define PROTO_RESEND_MAX_MS 30000UL
#define PROTO_HB_INTERVAL_MS 5000UL
#define PROTO_THANKS_MS 5000UL

typedef enum {
	PROTO_OK = 0,
	PROTO_E_TOO_LONG,
	PROTO_E_BAD_CHAR,
	PROTO_E_FRAMING,
	PROTO_E_CRC,
	PROTO_E_UNKNOWN_TYPE,
	PROTO_E_FIELD_COUNT,
	PROTO_E_BAD_FIELD
} proto_err_t;

/* The codes of the vectors file and the TypeScript codec: "too_long", "crc", … */
const char *proto_err_name(proto_err_t e);

typedef enum { PROTO_HOST_WHO = 1, PROTO_HOST_ACK, PROTO_HOST_NAK, PROTO_HOST_LED } proto_host_type_t;
typedef enum { PROTO_LED_IDLE = 0, PROTO_LED_ASK, PROTO_LED_THANKS } proto_led_t;

typedef struct {
	uint8_t type; /* proto_host_type_t */
	uint8_t led;  /* proto_led_t, for LED */
	uint32_t boot;
	uint32_t seq;
	char reason[33]; /* NAK reason, NUL-terminated */
} proto_host_frame_t;

uint16_t proto_crc16(const uint8_t *data, size_t len);

/* Each writes `$BODY*CRC\r\n` and a NUL into out; returns its length, or 0 if cap is too small. */
size_t proto_encode_hello(char *out, size_t cap, const char *uid, const char *fw, uint8_t buttons,
			  uint32_t boot);
size_t proto_encode_press(char *out, size_t cap, uint32_t boot, uint32_t seq, uint32_t button,
			  uint32_t age_ms);
size_t proto_encode_hb(char *out, size_t cap, uint32_t boot, uint32_t last_seq, uint32_t pending);

/*
 * Parses one line (with `\r\n`, `\n` or no terminator) as a host frame. Checks run in the
 * protocol's order; box frame types (HELLO, PRESS, HB) are PROTO_E_UNKNOWN_TYPE here.
 */
proto_err_t proto_parse_host(const char *line, size_t len, proto_host_frame_t *out);

/* ---- line assembler: bytes in, complete lines out, bounded memory ---- */

#define PROTO_RX_NONE (-1)    /* no complete line yet */
#define PROTO_RX_DISCARD (-2) /* a line was too long and has been thrown away */

typedef struct {
	char buf[PROTO_MAX_LINE + 2]; /* content, an optional `\r`, NUL */
	uint8_t len;
	uint8_t discarding;
} proto_rx_t;

void proto_rx_init(proto_rx_t *rx);
/* Returns the length of the line now in rx->buf (NUL-terminated, terminator stripped),
 * PROTO_RX_NONE or PROTO_RX_DISCARD. Empty lines are skipped. */
int proto_rx_byte(proto_rx_t *rx, uint8_t b);

/* ---- the box: presses, resend ring with backoff, heartbeat, LED ---- */

typedef struct {
	uint32_t seq; /* 0: free */
	uint32_t pressed_at;
	uint32_t next_send;
	uint8_t interval_s; /* current resend interval, 2 → 30 s */
	uint8_t button;
} proto_slot_t;

typedef struct {
	const char *uid;
	const char *fw;
	uint8_t buttons;
	uint32_t boot;
	uint32_t last_seq;   /* seq of the latest press, 0 before the first */
	uint8_t pending;     /* presses held in the ring, not yet acknowledged */
	uint32_t dropped;    /* presses lost because the ring was full */
	uint32_t bad_frames; /* host lines that failed to parse */
	uint8_t hello_due;
	uint32_t next_hb;
	uint8_t led;
	uint32_t led_since;
	proto_slot_t ring[PROTO_RING_SIZE];
} proto_box_t;

void proto_box_init(proto_box_t *b, const char *uid, const char *fw, uint8_t buttons, uint32_t boot,
		    uint32_t now);
/* Records a press; returns its seq. When the ring is full the press is dropped but its seq is
 * still used, so the host sees the gap; returns 0 then. */
uint32_t proto_box_press(proto_box_t *b, uint8_t button, uint32_t pressed_at);
/* The next frame to send now (HELLO, then HB, then the oldest due PRESS), or 0 if none. */
size_t proto_box_poll(proto_box_t *b, uint32_t now, char *out, size_t cap);
/* Applies one received host line. */
proto_err_t proto_box_receive(proto_box_t *b, const char *line, size_t len, uint32_t now);
/* The LED mode to show now (THANKS falls back to IDLE after PROTO_THANKS_MS). */
uint8_t proto_box_led(proto_box_t *b, uint32_t now);

#endif
