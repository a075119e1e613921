#!/usr/bin/env bash
# Debian's LibreOffice Writer (headless), poppler's PDF tools and the fonts the
# 公文 documents fall back to, for the tests that open the Word documents the
# way a reader does: converted to PDF by LibreOffice, then measured with
# pdfinfo / pdftotext / pdffonts (test/documents-print.test.ts).
#   libreoffice-writer-nogui  soffice --headless --convert-to pdf
#   poppler-utils             pdfinfo, pdftotext, pdffonts, pdftoppm
#   fonts-noto-cjk            Noto Serif CJK SC (for 方正小标宋简体, 仿宋_GB2312, 宋体), Noto Sans CJK SC (for 黑体)
#   fonts-arphic-ukai         AR PL UKai CN (for 楷体_GB2312)
#   fonts-liberation2         Liberation Serif / Sans (metric-compatible Times New Roman / Arial)
# scripts/gongwen-fonts.conf maps the 公文 names to these.
# Idempotent: does nothing when all of it is there. Needs root (CI runs as root)
# or passwordless sudo; otherwise it says what to run.
set -euo pipefail
have_fonts() {
  local list; list="$(fc-list : family 2>/dev/null)"
  for f in "Noto Serif CJK SC" "Noto Sans CJK SC" "AR PL UKai CN" "Liberation Serif"; do
    grep -qF "$f" <<<"$list" || return 1
  done
}
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && have_fonts; then
  echo "office: $(command -v soffice)"; exit 0
fi
. "$(dirname "$0")/apt-install.sh"
apt_install "the document tests need LibreOffice (soffice), poppler-utils and Chinese fonts" \
  libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai fonts-liberation2 || exit 0
echo "office: $(command -v soffice)"
