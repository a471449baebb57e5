package i18n

// hardenDurable holds the messages of a store that cannot keep a write (the 503s and their
// reasons, the refusals at start) and of control characters in text fields.
var hardenDurable = map[string][2]string{
	"store.removed": {"数据库文件已被删除或替换，为免丢失数据，服务器已停止保存任何修改；请联系系统管理员",
		"The database file was removed or replaced; so that nothing is lost, the server has stopped saving any change. Please contact the system administrator"},
	"store.full": {"数据库所在磁盘已满，无法保存修改；请联系系统管理员",
		"The database's disk is full: no change can be saved. Please contact the system administrator"},
	"store.readonly": {"数据库为只读，无法保存修改；请联系系统管理员",
		"The database is read-only: no change can be saved. Please contact the system administrator"},
	"store.unreachable": {"无法连接数据库，暂时不能保存修改；请稍后重试",
		"The database cannot be reached: no change can be saved for now. Please try again later"},
	"store.commit_unknown": {"保存时与数据库的连接中断，修改可能已保存，也可能未保存；请刷新查看后再决定是否重做",
		"The connection to the database broke while saving: the change may or may not have been saved. Reload and check before doing it again"},
	"store.missing": {"数据库文件 %s 不存在。新建数据库请运行 luoshi init（或 luoshi serve --create）；若这里本应有数据库，请从备份恢复",
		"The database file %s does not exist. To create a new database run luoshi init (or luoshi serve --create); if a database should be here, restore it from a backup"},
	"store.not_luoshi": {"%s 不是 luoshi 数据库（没有迁移记录）；请检查 --db，或用 luoshi serve --create 在其中新建",
		"%s is not a luoshi database (it has no migrations); check --db, or create one in it with luoshi serve --create"},
	"store.demo_expected": {"数据库文件 %s 不存在，而密钥文件 %s 已存在：这里本应有数据库。请从备份恢复；若确要新建演示县，请加 --create",
		"The database file %s does not exist but the key file %s does: a database should be here. Restore it from a backup; to start a new demo county, add --create"},
	"store.wal_left": {"数据库文件 %s 不存在，但其预写日志 %s 仍在：数据库可能被误删。请从备份恢复；若确要新建，请先移走该日志文件",
		"The database file %s does not exist but its write-ahead log %s does: the database may have been removed by mistake. Restore it from a backup; to create a new one, move the log away first"},
	"request.control": {"提交的内容含有控制字符（如 NUL），请删除后重试",
		"The request contains control characters (such as NUL); please remove them and try again"},
	"error.503":    {"服务暂不可用", "Service unavailable"},
	"flow.control": {"不能包含控制字符（如 NUL）", "Cannot contain control characters (such as NUL)"},
	"text.control": {"%s不能包含控制字符（如 NUL）", "The %s cannot contain control characters (such as NUL)"},
}
