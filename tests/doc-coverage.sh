#!/bin/bash
# Every function the public header declares has a comment block right
# above its declaration (what it does, who frees what it returns, its
# errors, which thread may call it): the header is the reference a
# program's author reads.  HEADER=file checks another header (used to
# show that this test fails).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"

header=${HEADER:-$top_srcdir/libipmirig/include/ipmirig.h}

# A declaration starts at column 0 with a return type and a rig_ name
# followed by "("; it is documented when the line above it closes a
# comment that began at the start of a line (a block, not the trailing
# comment of a struct field).  Lines inside comments are skipped, so a
# function named in prose is no declaration.
awk '
	function comment_line(line) {
		if (index(line, "*/") > 0) {
			in_comment = 0
			documented = block
		}
	}
	in_comment { comment_line($0); next }
	/^[ \t]*\/\*/ {
		block = 1
		in_comment = 1
		comment_line(substr($0, index($0, "/*") + 2))
		next
	}
	/^[A-Za-z_][A-Za-z0-9_ \t]*[ \t*]rig_[a-z0-9_]+ *\(/ && !/^typedef/ {
		name = $0
		sub(/ *\(.*/, "", name)
		sub(/.*[ \t*]/, "", name)
		print (documented ? "ok " : "undocumented ") name
	}
	{
		documented = 0
		if (index($0, "/*") > 0 && index(substr($0, index($0, "/*")), "*/") == 0) {
			block = 0
			in_comment = 1
		}
	}
' "$header" > "$T/decls"

check_eq "functions without a comment right above their declaration" "" \
	"$(sed -n 's/^undocumented //p' "$T/decls" | tr '\n' ' ')"
check_match "declarations found" '^[1-9][0-9]+$' "$(grep -c '' "$T/decls")"
finish
