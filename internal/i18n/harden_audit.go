package i18n

// hardenAudit holds the messages of the keyed audit chain's verification and of a
// recovered panic.
var hardenAudit = map[string][2]string{
	"audit.chain.broken":       {"审计记录第 %d 条（id %d，%s %s）校验失败：%s", "Audit record %d (id %d, %s %s) fails verification: %s"},
	"audit.chain.hash":         {"记录内容与其哈希不符（记录被改动）", "the record does not match its hash (the record was changed)"},
	"audit.chain.head_cut":     {"链头文件记载的最后一条记录（id %d，序号 %d）已不在审计记录中：末尾的记录被删除", "the last record the head file names (id %d, seq %d) is no longer in the trail: records were cut from the end"},
	"audit.chain.head_differs": {"链头文件记载的最后一条记录（id %d，序号 %d）与数据库中的不符：记录被改写", "the last record the head file names (id %d, seq %d) differs from the one in the database: records were rewritten"},
	"audit.chain.link":         {"与前一条记录的链接断开（前一条被删除、插入或改动）", "the link to the record before is broken (a record was deleted, inserted or changed)"},
	"audit.chain.mac":          {"记录的 MAC 不符（记录或其顺序在没有密钥的情况下被改写）", "the record's MAC does not hold (the record or its order was rewritten without the key)"},
	"audit.chain.no_key":       {"记录带有 MAC，但没有提供密钥文件，无法校验", "the record carries a MAC, but no key file was given to check it"},
	"audit.chain.tail":         {"审计记录链在第 %d 条之后中断：末尾的记录被删除（链头哈希不符）", "the chain breaks after record %d: records were deleted from the end (the head's hash differs)"},
	"audit.chain.unattested":   {"审计记录从 id %d 开始，但没有签名的清理检查点说明之前的记录为何不在：旧记录被删除", "the trail starts at id %d, but no signed prune checkpoint says why the records before it are gone: old records were deleted"},
	"audit.chain.unkeyed":      {"密钥链开始之后出现了没有 MAC 的记录（记录被改写）", "a record without a MAC after the keyed chain began (the record was rewritten)"},
	"audit.chain.unknown_key":  {"记录由密钥 %s 签名，密钥文件中没有该密钥", "the record was signed with key %s, which the key file lacks"},
	"audit.head.bad":           {"链头文件 %s 无法读取或其签名不符（文件被改写）", "the head file %s cannot be read or its signature does not hold (the file was rewritten)"},
	"audit.head.missing":       {"链头文件 %s 不存在：无法确认末尾的记录没有被截断、密钥链没有被抹去（刚升级的数据库请先启动一次服务；恢复的备份请一并恢复它的 .audit-head 文件）", "the head file %s is missing: neither a cut tail nor an erased keyed chain can be ruled out (start the server once on a database just upgraded; restore a backup together with its .audit-head file)"},
	"error.panic":              {"服务器内部错误，事件编号 %s。请把这个编号告诉系统管理员。", "Internal server error, incident %s. Give this number to the system administrator."},
}
