# Turns sql/NNN_name.sql files into the C array of rt_db.h's migrations.
# Usage: awk -f lib/gen-sql.awk sql/[0-9]*.sql > build/gen/rt_migrations.c
BEGIN {
	print "/* Generated from sql/ by lib/gen-sql.awk: do not edit. */"
	print "#include \"rt_db.h\""
	print "const struct rt_migration rt_migrations[] = {"
	n = 0
}
FNR == 1 {
	if (n++ > 0)
		print "\t},"
	name = FILENAME
	sub(/.*\//, "", name)
	sub(/\.sql$/, "", name)
	version = name
	sub(/_.*/, "", version)
	printf "\t{ %d, \"%s\",\n", version + 0, name
}
{
	gsub(/\\/, "\\\\")
	gsub(/"/, "\\\"")
	gsub(/\t/, "\\t")
	printf "\t\"%s\\n\"\n", $0
}
END {
	if (n > 0)
		print "\t},"
	print "\t{ 0, 0, 0 }"
	print "};"
	printf "const int rt_nmigrations = %d;\n", n
}
