#!/usr/bin/env python3
"""Writes frames.tsv, the shared test vectors of the button-box protocol v1.

The CRCs here come from Python's binascii.crc_hqx (CRC-16/CCITT-FALSE when seeded with
0xFFFF), an implementation independent of both the TypeScript codec and the C firmware.
Edit the lists below and run `python3 generate.py > frames.tsv`; CI only reads the TSV.
"""
import binascii
import sys


def crc(body: bytes) -> str:
    return '%04X' % binascii.crc_hqx(body, 0xFFFF)


def frame(body: str, term: str = '\r\n') -> bytes:
    b = body.encode('ascii')
    return b'$' + b + b'*' + crc(b).encode() + term.encode('latin1')


def esc(data: bytes) -> str:
    out = []
    for c in data:
        if c == 0x5C:
            out.append('\\\\')
        elif c == 0x0D:
            out.append('\\r')
        elif c == 0x0A:
            out.append('\\n')
        elif c == 0x09:
            out.append('\\t')
        elif 0x20 <= c <= 0x7E:
            out.append(chr(c))
        else:
            out.append('\\x%02X' % c)
    return ''.join(out)


U32 = 4294967295
UID32 = 'A' * 10 + 'b' * 10 + '0123456789' + '_-'
FW16 = '1.2.3-rc.1+ab_cd'
assert len(UID32) == 32 and len(FW16) == 16

rows = []


def crc_row(name, data: bytes):
    rows.append((name, 'crc16', esc(data), crc(data)))


def ok(name, body, fields, term='\r\n'):
    rows.append((name, 'ok', esc(frame(body, term)), fields))


def bad(name, code, data: bytes):
    rows.append((name, code, esc(data), '-'))


# CRC-16/CCITT-FALSE reference values of raw inputs.
crc_row('crc_check_value', b'123456789')
crc_row('crc_empty', b'')
crc_row('crc_A', b'A')
crc_row('crc_who', b'WHO')
crc_row('crc_press', b'PRESS,12,1,1,0')
crc_row('crc_256_A', b'A' * 256)

# Valid frames, each with its decoded fields (type first; names as in the TypeScript codec).
ok('hello_basic', 'HELLO,BOX-7,1.0.0,5,12', 'type=HELLO uid=BOX-7 fw=1.0.0 buttons=5 boot=12')
ok('hello_min', 'HELLO,a,1,3,0', 'type=HELLO uid=a fw=1 buttons=3 boot=0')
ok('hello_max', 'HELLO,%s,%s,4,%d' % (UID32, FW16, U32),
   'type=HELLO uid=%s fw=%s buttons=4 boot=%d' % (UID32, FW16, U32))
ok('hello_lf_only', 'HELLO,quay_03,2.1,5,1', 'type=HELLO uid=quay_03 fw=2.1 buttons=5 boot=1', '\n')
ok('press_first', 'PRESS,12,1,1,0', 'type=PRESS boot=12 seq=1 button=1 ageMs=0')
ok('press_resent', 'PRESS,12,2,5,1500', 'type=PRESS boot=12 seq=2 button=5 ageMs=1500')
ok('press_max', 'PRESS,%d,%d,%d,%d' % (U32, U32, U32, U32),
   'type=PRESS boot=%d seq=%d button=%d ageMs=%d' % (U32, U32, U32, U32))
ok('press_button_above_declared', 'PRESS,3,9,7,20', 'type=PRESS boot=3 seq=9 button=7 ageMs=20')
ok('press_lf_only', 'PRESS,12,3,2,40', 'type=PRESS boot=12 seq=3 button=2 ageMs=40', '\n')
ok('press_no_terminator', 'PRESS,12,4,3,0', 'type=PRESS boot=12 seq=4 button=3 ageMs=0', '')
ok('hb_fresh', 'HB,12,0,0', 'type=HB boot=12 lastSeq=0 pending=0')
ok('hb_pending', 'HB,12,37,3', 'type=HB boot=12 lastSeq=37 pending=3')
ok('who', 'WHO', 'type=WHO')
ok('who_lf_only', 'WHO', 'type=WHO', '\n')
ok('ack_basic', 'ACK,12,1', 'type=ACK boot=12 seq=1')
ok('ack_max', 'ACK,0,%d' % U32, 'type=ACK boot=0 seq=%d' % U32)
ok('nak_button_range', 'NAK,12,3,button_range', 'type=NAK boot=12 seq=3 reason=button_range')
ok('led_idle', 'LED,IDLE', 'type=LED mode=IDLE')
ok('led_ask', 'LED,ASK', 'type=LED mode=ASK')
ok('led_thanks', 'LED,THANKS', 'type=LED mode=THANKS')

# Length limit: 128 bytes not counting the terminator is accepted by the framing layer.
body122 = 'X' * 122
assert len(frame(body122, '')) == 128
bad('len_128_is_not_too_long', 'unknown_type', frame(body122, '\r\n'))
bad('len_129_too_long', 'too_long', frame('X' * 123, '\r\n'))
bad('len_200_too_long', 'too_long', frame('PRESS,' + '1' * 190, '\r\n'))
bad('len_300_garbage', 'too_long', b'\x00\xFF' * 150 + b'\n')

# Characters.
bad('tab_in_body', 'bad_char', b'$PRESS,12,1,1,\t0*0000\r\n')
bad('non_ascii_byte', 'bad_char', frame('HELLO,BOX-7,1.0.0,5,12').replace(b'BOX', b'B\xC9X'))
bad('nul_byte', 'bad_char', b'$WHO\x00*1234\r\n')
bad('del_byte', 'bad_char', b'$WHO*\x7F\r\n')
bad('double_cr', 'bad_char', frame('WHO', '\r\r\n'))
bad('cr_only_terminator', 'bad_char', frame('WHO', '\r'))
bad('bit7_flip_of_dollar', 'bad_char', b'\xA4' + frame('WHO')[1:])

# Framing.
bad('empty_line', 'framing', b'\r\n')
bad('empty_no_terminator', 'framing', b'')
bad('missing_dollar', 'framing', frame('WHO')[1:])
bad('leading_space', 'framing', b' ' + frame('WHO'))
bad('double_dollar', 'framing', b'$' + frame('WHO'))
bad('dollar_in_body', 'framing', b'$ACK,1$2*' + crc(b'ACK,1$2').encode() + b'\r\n')
bad('missing_star', 'framing', b'$WHO' + crc(b'WHO').encode() + b'\r\n')
bad('star_in_body', 'framing', b'$PRESS,12*1,1,0*' + crc(b'PRESS,12*1,1,0').encode() + b'\r\n')
bad('lowercase_crc', 'framing', b'$HB,12,0,0*' + crc(b'HB,12,0,0').lower().encode() + b'\r\n')
bad('crc_3_digits', 'framing', b'$WHO*' + crc(b'WHO')[:3].encode() + b'\r\n')
bad('crc_5_digits', 'framing', b'$WHO*' + crc(b'WHO').encode() + b'0\r\n')
bad('crc_not_hex', 'framing', b'$WHO*12G4\r\n')
bad('trailing_space', 'framing', frame('WHO', ' \r\n'))
bad('empty_body', 'framing', b'$*FFFF\r\n')

# CRC.
good = frame('PRESS,12,1,1,0')
wrong = ('%04X' % (int(crc(b'PRESS,12,1,1,0'), 16) ^ 0x0001)).encode()
bad('crc_off_by_one_bit', 'crc', b'$PRESS,12,1,1,0*' + wrong + b'\r\n')
bad('crc_zero', 'crc', b'$ACK,12,1*0000\r\n')
bad('crc_of_other_frame', 'crc', b'$ACK,12,2*' + crc(b'ACK,12,1').encode() + b'\r\n')
bad('body_changed_crc_kept', 'crc', good.replace(b'PRESS,12,1,1,0', b'PRESS,12,1,2,0'))

# Type.
bad('unknown_type', 'unknown_type', frame('HELO,BOX-7,1.0.0,5,12'))
bad('lowercase_type', 'unknown_type', frame('hello,BOX-7,1.0.0,5,12'))
bad('type_with_space', 'unknown_type', frame('WHO ,'))
bad('empty_type', 'unknown_type', frame(',12,1'))

# Field counts.
bad('hello_4_fields', 'field_count', frame('HELLO,BOX-7,1.0.0,5'))
bad('press_6_fields', 'field_count', frame('PRESS,12,1,1,0,0'))
bad('hb_3_fields', 'field_count', frame('HB,12,0'))
bad('who_with_field', 'field_count', frame('WHO,1'))
bad('ack_trailing_comma', 'field_count', frame('ACK,12,1,'))
bad('nak_3_fields', 'field_count', frame('NAK,12,3'))
bad('led_no_mode', 'field_count', frame('LED'))

# Field values.
bad('press_seq_zero', 'bad_field', frame('PRESS,12,0,1,0'))
bad('press_button_zero', 'bad_field', frame('PRESS,12,1,0,0'))
bad('press_age_not_numeric', 'bad_field', frame('PRESS,12,1,1,abc'))
bad('press_negative', 'bad_field', frame('PRESS,-1,1,1,0'))
bad('press_plus_sign', 'bad_field', frame('PRESS,+1,1,1,0'))
bad('press_leading_zero', 'bad_field', frame('PRESS,12,01,1,0'))
bad('press_boot_2_pow_32', 'bad_field', frame('PRESS,4294967296,1,1,0'))
bad('press_boot_11_digits', 'bad_field', frame('PRESS,10000000000,1,1,0'))
bad('press_empty_field', 'bad_field', frame('PRESS,12,,1,0'))
bad('press_space_in_field', 'bad_field', frame('PRESS,12, 1,1,0'))
bad('press_decimal_point', 'bad_field', frame('PRESS,12,1,1,1.5'))
bad('press_hex_number', 'bad_field', frame('PRESS,12,0x10,1,0'))
bad('hb_negative_pending', 'bad_field', frame('HB,12,3,-1'))
bad('hello_uid_33', 'bad_field', frame('HELLO,%sZ,1.0.0,5,12' % UID32))
bad('hello_uid_empty', 'bad_field', frame('HELLO,,1.0.0,5,12'))
bad('hello_uid_dot', 'bad_field', frame('HELLO,box.7,1.0.0,5,12'))
bad('hello_uid_space', 'bad_field', frame('HELLO,BOX 7,1.0.0,5,12'))
bad('hello_buttons_2', 'bad_field', frame('HELLO,BOX-7,1.0.0,2,12'))
bad('hello_buttons_6', 'bad_field', frame('HELLO,BOX-7,1.0.0,6,12'))
bad('hello_buttons_05', 'bad_field', frame('HELLO,BOX-7,1.0.0,05,12'))
bad('hello_fw_17', 'bad_field', frame('HELLO,BOX-7,%sx,5,12' % FW16))
bad('hello_fw_empty', 'bad_field', frame('HELLO,BOX-7,,5,12'))
bad('hello_boot_overflow', 'bad_field', frame('HELLO,BOX-7,1.0.0,5,4294967296'))
bad('ack_seq_zero', 'bad_field', frame('ACK,12,0'))
bad('ack_boot_empty', 'bad_field', frame('ACK,,1'))
bad('nak_reason_empty', 'bad_field', frame('NAK,12,3,'))
bad('nak_reason_space', 'bad_field', frame('NAK,12,3,bad press'))
bad('nak_seq_zero', 'bad_field', frame('NAK,12,0,button_range'))
bad('led_unknown_mode', 'bad_field', frame('LED,BLINK'))
bad('led_lowercase_mode', 'bad_field', frame('LED,ask'))

w = sys.stdout
w.write('# Button-box protocol v1 test vectors. Generated by generate.py; read by\n')
w.write('# src/lib/server/serial/codec.test.ts and firmware-protocol/firmware/test/test_proto.c.\n')
w.write('# Tab-separated: name, expect, line, fields. Lines starting with # are comments.\n')
w.write('# expect: ok | crc16 (a CRC reference value) | one of the error codes too_long bad_char framing crc unknown_type field_count bad_field.\n')
w.write('# line: the raw bytes with C escapes \\r \\n \\t \\\\ \\xHH (two upper-case hex digits).\n')
w.write('# fields: for ok, space-separated key=value (type first); for crc16, the expected CRC of\n')
w.write('# line as 4 upper-case hex digits; otherwise "-".\n')
for r in rows:
    assert '\t' not in ''.join(r)
    w.write('\t'.join(r) + '\n')
