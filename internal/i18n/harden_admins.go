package i18n

// hardenAdmins are the messages of the separation of the three administrators (三员分立)
// as the rules intend: no administrator resets another's credentials.
var hardenAdmins = map[string][2]string{
	"account.reset_password.admin": {"管理员账号的密码和双因素认证不能由另一名管理员重置；请在服务器上执行 luoshi admin reset-password --user 账号名",
		"An administrator's password and second factor cannot be reset by another administrator; run luoshi admin reset-password --user NAME on the server"},
	"users.reset_admin_note": {"管理员账号不在此列：其密码只能在服务器上用 luoshi admin reset-password 恢复。",
		"Administrators' accounts are not listed: their passwords are recovered only on the server, with luoshi admin reset-password."},
}
