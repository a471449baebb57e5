package i18n

// hardenLockout holds the messages of the hardening of logins and requests (issue 13):
// unsafe browser requests that name no origin.
var hardenLockout = map[string][2]string{
	"request.no_origin": {"请求未注明来源（缺少 Origin 和 Referer 请求头），已拒绝；请从本站页面提交",
		"The request names no origin (neither an Origin nor a Referer header) and is refused; please submit it from this site's pages"},
}
