package i18n

// operations holds the messages of running luoshi: the schema versions a binary and a
// database have.
var operations = map[string][2]string{
	"store.schema_newer": {"数据库的结构版本为 %d，而本程序只支持到结构版本 %d：数据库已由更新版本的 luoshi 升级过。请安装支持结构版本 %d 及以上的 luoshi（luoshi version 可查看程序支持的结构版本），不要降级",
		"The database's schema version is %d but this binary knows schema versions up to %d: a newer luoshi has upgraded it. Install a luoshi that knows schema version %d or later (luoshi version shows the schema version a binary knows); do not downgrade"},
}
