/*
 * Reference button box for an ATmega328P at 16 MHz (Arduino Uno/Nano class), avr-libc only.
 *
 * Pins (Arduino names): buttons on D2..D6 (PD2..PD6) to ground, internal pull-ups, button 1
 * (most satisfied) on D2; status LED on D13 (PB5, the on-board LED). UART0 at 115200 8N1 is the
 * USB serial of these boards. The protocol lives in proto.c; this file is only hardware.
 */
#ifndef F_CPU
#define F_CPU 16000000UL
#endif
#ifndef BAUD
#define BAUD 115200UL
#endif
/* 16 MHz gives 115200 only to 2.1 % (U2X, UBRR 16), as on every Uno/Nano; the receivers
 * tolerate it, setbaud.h's default 2 % limit does not. */
#define BAUD_TOL 3
#ifndef BOX_UID
#define BOX_UID "BOX-1"
#endif
#ifndef FW_VERSION
#define FW_VERSION "1.0.0"
#endif
#ifndef BUTTONS
#define BUTTONS 5
#endif
#if BUTTONS < 3 || BUTTONS > 5
#error "BUTTONS must be 3..5"
#endif

#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/wdt.h>
#include <util/atomic.h>
#include <util/setbaud.h>

#include "proto.h"

#define BUTTON_SHIFT 2 /* PD2 */
#define BUTTON_MASK (((1 << BUTTONS) - 1) << BUTTON_SHIFT)
#define DEBOUNCE_MS 20

/* Erased EEPROM reads 0xFFFFFFFF; the first power-up then counts as boot 1. */
static uint32_t EEMEM ee_boot = 0xFFFFFFFFUL;

static volatile uint32_t ms;

/* Debounced presses, from the timer interrupt to the main loop. */
#define EVENTS 8
static volatile struct {
	uint8_t button;
	uint32_t at;
} events[EVENTS];
static volatile uint8_t ev_head, ev_tail;

#define RX_SIZE 64 /* power of two */
static volatile uint8_t rx_buf[RX_SIZE];
static volatile uint8_t rx_head, rx_tail;
static volatile uint8_t rx_overrun;

static proto_box_t box;
static proto_rx_t rx;

/* The watchdog stays armed across a reset it caused; turn it off before anything else. */
void wdt_init(void) __attribute__((naked, used, section(".init3")));
void wdt_init(void)
{
	MCUSR = 0;
	wdt_disable();
}

static uint32_t millis(void)
{
	uint32_t t;
	ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { t = ms; }
	return t;
}

/* 1 kHz tick: the clock and button debouncing (a level must hold DEBOUNCE_MS to count). */
ISR(TIMER0_COMPA_vect)
{
	static uint8_t stable = BUTTON_MASK; /* released (pulled up) */
	static uint8_t count[BUTTONS];
	ms++;
	uint8_t raw = PIND & BUTTON_MASK;
	for (uint8_t i = 0; i < BUTTONS; i++) {
		uint8_t bit = (uint8_t)(1 << (i + BUTTON_SHIFT));
		if ((raw ^ stable) & bit) {
			if (++count[i] >= DEBOUNCE_MS) {
				count[i] = 0;
				stable ^= bit;
				if (!(stable & bit)) { /* newly pressed */
					uint8_t next = (uint8_t)((ev_head + 1) % EVENTS);
					if (next != ev_tail) {
						events[ev_head].button = (uint8_t)(i + 1);
						events[ev_head].at = ms - DEBOUNCE_MS;
						ev_head = next;
					}
				}
			}
		} else {
			count[i] = 0;
		}
	}
}

ISR(USART_RX_vect)
{
	uint8_t status = UCSR0A;
	uint8_t b = UDR0;
	if (status & (_BV(FE0) | _BV(DOR0))) rx_overrun = 1;
	uint8_t next = (uint8_t)((rx_head + 1) & (RX_SIZE - 1));
	if (next == rx_tail) {
		rx_overrun = 1;
		return;
	}
	rx_buf[rx_head] = b;
	rx_head = next;
}

static void uart_init(void)
{
	UBRR0H = UBRRH_VALUE;
	UBRR0L = UBRRL_VALUE;
#if USE_2X
	UCSR0A |= _BV(U2X0);
#else
	UCSR0A &= (uint8_t)~_BV(U2X0);
#endif
	UCSR0C = _BV(UCSZ01) | _BV(UCSZ00); /* 8N1 */
	UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

static void uart_write(const char *s, size_t n)
{
	while (n--) {
		loop_until_bit_is_set(UCSR0A, UDRE0);
		UDR0 = (uint8_t)*s++;
	}
}

static int uart_read(void)
{
	if (rx_head == rx_tail) return -1;
	uint8_t b = rx_buf[rx_tail];
	rx_tail = (uint8_t)((rx_tail + 1) & (RX_SIZE - 1));
	return b;
}

static void timer_init(void)
{
	TCCR0A = _BV(WGM01);             /* CTC */
	TCCR0B = _BV(CS01) | _BV(CS00);  /* clk/64 */
	OCR0A = (uint8_t)(F_CPU / 64 / 1000 - 1);
	TIMSK0 = _BV(OCIE0A);
}

static uint32_t next_boot(void)
{
	uint32_t boot = eeprom_read_dword(&ee_boot);
	if (boot == 0xFFFFFFFFUL) boot = 0;
	boot++;
	eeprom_update_dword(&ee_boot, boot);
	return boot;
}

/* IDLE: a short blink every 2 s (the box is alive); ASK: 2 Hz; THANKS: steady. */
static void led_show(uint8_t mode, uint32_t now)
{
	uint8_t on;
	switch (mode) {
	case PROTO_LED_ASK: on = (now % 500) < 250; break;
	case PROTO_LED_THANKS: on = 1; break;
	default: on = (now % 2000) < 50; break;
	}
	if (on) PORTB |= _BV(PB5);
	else PORTB &= (uint8_t)~_BV(PB5);
}

int main(void)
{
	DDRB |= _BV(PB5);
	DDRD &= (uint8_t)~BUTTON_MASK;
	PORTD |= BUTTON_MASK; /* pull-ups */

	uint32_t boot = next_boot();
	uart_init();
	timer_init();
	proto_rx_init(&rx);
	sei();
	proto_box_init(&box, BOX_UID, FW_VERSION, BUTTONS, boot, millis());
	wdt_enable(WDTO_2S);

	char out[PROTO_FRAME_MAX];
	for (;;) {
		wdt_reset();
		uint32_t now = millis();

		int b;
		while ((b = uart_read()) >= 0) {
			int n = proto_rx_byte(&rx, (uint8_t)b);
			if (n > 0) proto_box_receive(&box, rx.buf, (size_t)n, now);
			else if (n == PROTO_RX_DISCARD) box.bad_frames++;
		}

		while (ev_tail != ev_head) {
			uint8_t button;
			uint32_t at;
			ATOMIC_BLOCK(ATOMIC_RESTORESTATE)
			{
				button = events[ev_tail].button;
				at = events[ev_tail].at;
				ev_tail = (uint8_t)((ev_tail + 1) % EVENTS);
			}
			proto_box_press(&box, button, at);
		}

		size_t n = proto_box_poll(&box, now, out, sizeof out);
		if (n) uart_write(out, n);

		led_show(proto_box_led(&box, now), now);
	}
}
