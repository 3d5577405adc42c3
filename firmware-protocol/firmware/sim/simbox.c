/*
 * End-to-end test of the compiled firmware (build/box.elf) under libsimavr: the harness plays
 * the host on the emulated UART0 and presses buttons by driving port D pins. Time is the
 * emulated clock, so the test is deterministic and independent of the machine's speed.
 * Usage: simbox build/box.elf   (exit status 0 when every check passes)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim_avr.h>
#include <sim_elf.h>
#include <sim_io.h>
#include <avr_ioport.h>
#include <avr_uart.h>

#include "../proto.h"

static avr_t *avr;
static int failures;

/* Box → host: a line assembler and the frames seen, with their emulated arrival time. */
#define MAX_FRAMES 512
static struct {
	char line[PROTO_MAX_LINE + 2];
	double at;
} frames[MAX_FRAMES];
static int nframes;
static proto_rx_t rx;

/* Host → box bytes, released one at a time while the UART's input FIFO has room. */
static char tx[1024];
static size_t tx_len, tx_pos;
static int xon;

static int led_edges;

static double now_s(void) { return (double)avr->cycle / avr->frequency; }

static void check(int ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(ok ? stdout : stderr, "%s ", ok ? "ok  " : "FAIL");
	vfprintf(ok ? stdout : stderr, fmt, ap);
	fputc('\n', ok ? stdout : stderr);
	va_end(ap);
	if (!ok) failures++;
}

static void uart_out(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq, (void)param;
	int n = proto_rx_byte(&rx, (uint8_t)value);
	if (n > 0 && nframes < MAX_FRAMES) {
		memcpy(frames[nframes].line, rx.buf, (size_t)n + 1);
		frames[nframes].at = now_s();
		nframes++;
	}
}

static void uart_xon(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq, (void)value, (void)param;
	xon = 1;
}

static void uart_xoff(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq, (void)value, (void)param;
	xon = 0;
}

static void led_change(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq, (void)value, (void)param;
	led_edges++;
}

static void pump(void)
{
	if (xon && tx_pos < tx_len) {
		avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT), (uint8_t)tx[tx_pos++]);
	}
}

static void run_for(double seconds)
{
	double until = now_s() + seconds;
	while (now_s() < until) {
		int state = avr_run(avr);
		if (state == cpu_Done || state == cpu_Crashed) {
			check(0, "firmware stopped (state %d) at %.3f s", state, now_s());
			exit(1);
		}
		pump();
	}
}

static void host_send(const char *body)
{
	char line[PROTO_FRAME_MAX];
	int n = snprintf(line, sizeof line, "$%s*%04X\r\n", body,
			 proto_crc16((const uint8_t *)body, strlen(body)));
	memcpy(tx + tx_len, line, (size_t)n);
	tx_len += (size_t)n;
}

static void host_send_raw(const char *raw)
{
	memcpy(tx + tx_len, raw, strlen(raw));
	tx_len += strlen(raw);
}

static void set_button(int button, int pressed)
{
	/* Buttons 1..5 on PD2..PD6, active low. */
	avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), button + 1), pressed ? 0 : 1);
}

static void press(int button)
{
	set_button(button, 1);
	run_for(0.06);
	set_button(button, 0);
}

/* Frames since index `from` whose body starts with `prefix` and whose CRC is right. */
static int count(int from, const char *prefix)
{
	int c = 0;
	for (int i = from; i < nframes; i++) {
		const char *l = frames[i].line;
		const char *star = strchr(l, '*');
		if (!star || l[0] != '$') continue;
		char crc[5];
		snprintf(crc, sizeof crc, "%04X", proto_crc16((const uint8_t *)l + 1, (size_t)(star - l - 1)));
		if (strcmp(crc, star + 1) != 0) {
			check(0, "box sent a frame with a bad CRC: %s", l);
			continue;
		}
		if (!strncmp(l + 1, prefix, strlen(prefix))) c++;
	}
	return c;
}

static const char *last(const char *prefix)
{
	for (int i = nframes - 1; i >= 0; i--)
		if (!strncmp(frames[i].line + 1, prefix, strlen(prefix))) return frames[i].line;
	return "";
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s box.elf\n", argv[0]);
		return 2;
	}
	elf_firmware_t fw;
	memset(&fw, 0, sizeof fw);
	if (elf_read_firmware(argv[1], &fw) != 0) {
		fprintf(stderr, "cannot read %s\n", argv[1]);
		return 2;
	}
	avr = avr_make_mcu_by_name("atmega328p");
	if (!avr) return 2;
	avr_init(avr);
	fw.frequency = 16000000;
	avr_load_firmware(avr, &fw);
	avr->log = 0;

	uint32_t flags = 0;
	avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
	flags &= ~AVR_UART_FLAG_STDIO;
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_out, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), uart_xon, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), uart_xoff, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 5), led_change, NULL);
	for (int b = 1; b <= 5; b++) set_button(b, 0);
	proto_rx_init(&rx);

	/* Power-up: HELLO with boot 1 (fresh EEPROM). */
	run_for(0.5);
	check(count(0, "HELLO,") == 1, "HELLO at power-up: %s", last("HELLO,"));
	check(strstr(last("HELLO,"), ",5,1*") != NULL, "5 buttons, boot 1");

	/* WHO is answered with HELLO. */
	int mark = nframes;
	host_send("WHO");
	run_for(0.2);
	check(count(mark, "HELLO,") == 1, "HELLO in answer to WHO");

	/* A press is sent at once; without an ACK it is resent after 2 s with a larger age. */
	mark = nframes;
	press(3);
	run_for(0.1);
	check(count(mark, "PRESS,1,1,3,") == 1, "PRESS seq 1 button 3: %s", last("PRESS,"));
	run_for(2.1);
	check(count(mark, "PRESS,1,1,3,") == 2, "resent after 2 s: %s", last("PRESS,"));
	unsigned long age = 0;
	sscanf(last("PRESS,"), "$PRESS,1,1,3,%lu", &age);
	check(age >= 2000 && age <= 2300, "resend carries the press's age (%lu ms)", age);

	/* ACK stops the resends; heartbeats report nothing pending. */
	host_send("ACK,1,1");
	run_for(0.1);
	mark = nframes;
	run_for(12);
	check(count(mark, "PRESS,") == 0, "no resend after ACK");
	check(count(mark, "HB,1,1,0*") >= 2, "HB every 5 s with last_seq 1, pending 0: %s", last("HB,"));

	/* Garbage, a bad CRC and an over-long line change nothing. */
	mark = nframes;
	host_send_raw("$ACK,1,2*0000\r\nnoise\r\n");
	for (int i = 0; i < 200; i++) host_send_raw("X");
	host_send_raw("\r\n");
	host_send("LED,ASK");
	led_edges = 0;
	run_for(2);
	check(led_edges >= 6, "LED blinks for ASK after garbage (%d edges in 2 s)", led_edges);

	/* Three quick presses on different buttons get seq 2, 3, 4; a NAK drops one. */
	mark = nframes;
	press(1);
	run_for(0.05);
	press(5);
	run_for(0.05);
	press(2);
	run_for(0.2);
	check(count(mark, "PRESS,1,2,1,") == 1 && count(mark, "PRESS,1,3,5,") == 1 &&
		      count(mark, "PRESS,1,4,2,") == 1,
	      "three presses, seq 2..4");
	host_send("ACK,1,2");
	host_send("NAK,1,3,button_range");
	run_for(0.2);
	mark = nframes;
	run_for(2.5);
	check(count(mark, "PRESS,1,4,") == 1 && count(mark, "PRESS,1,2,") == 0 && count(mark, "PRESS,1,3,") == 0,
	      "only the unacknowledged press is resent");
	host_send("ACK,1,4");
	run_for(0.2);

	/* Power cycle: the boot counter in EEPROM goes up, seq starts again at 1. */
	avr_reset(avr);
	/* The reset clears the PIN registers but not the IRQ values, which only notify on change. */
	for (int b = 1; b <= 5; b++) set_button(b, 1), set_button(b, 0);
	proto_rx_init(&rx);
	mark = nframes;
	run_for(0.5);
	check(count(mark, "HELLO,") == 1 && strstr(last("HELLO,"), ",5,2*") != NULL, "HELLO with boot 2: %s",
	      last("HELLO,"));
	press(4);
	run_for(0.1);
	check(count(mark, "PRESS,2,1,4,") == 1, "first press of boot 2 has seq 1: %s", last("PRESS,"));

	if (getenv("SIMBOX_TRACE")) for (int i = 0; i < nframes; i++) printf("%8.3f %s\n", frames[i].at, frames[i].line);
	printf("%d frames from the box over %.1f emulated seconds, %d failures\n", nframes, now_s(), failures);
	return failures ? 1 : 0;
}
