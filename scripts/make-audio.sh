#!/usr/bin/env bash
# Regenerates the kiosk's spoken prompts in static/audio with espeak-ng (apt-get install espeak-ng).
# Committed as files so the kiosk needs no speech engine and no network at run time.
set -euo pipefail
cd "$(dirname "$0")/../static/audio"
espeak-ng -v vi -s 140 -w prompt-vi.wav "Xin quý khách vui lòng đánh giá mức độ hài lòng với cán bộ vừa phục vụ, bằng cách chạm vào một trong các khuôn mặt trên màn hình. Đánh giá của quý khách được giữ kín."
espeak-ng -v en -s 150 -w prompt-en.wav "Please rate how satisfied you are with the officer who has just served you, by touching one of the faces on the screen. Your rating is confidential."
