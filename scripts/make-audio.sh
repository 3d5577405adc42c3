#!/usr/bin/env bash
# Regenerates the kiosk's spoken prompts in static/audio with espeak-ng (apt-get install espeak-ng).
# "Ông/Bà" is spoken as "Ông, Bà" (a slash would be read aloud).
# Committed as files so the kiosk needs no speech engine and no network at run time.
set -euo pipefail
cd "$(dirname "$0")/../static/audio"
espeak-ng -v vi -s 140 -w prompt-vi.wav "Xin Ông, Bà vui lòng đánh giá mức độ hài lòng với sự phục vụ của cán bộ vừa tiếp Ông, Bà, bằng cách chạm vào một trong các khuôn mặt trên màn hình. Đánh giá của Ông, Bà được giữ kín."
espeak-ng -v en -s 150 -w prompt-en.wav "Please rate how satisfied you are with the officer who has just served you, by touching one of the faces on the screen. Your rating is confidential."
