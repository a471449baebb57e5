package demo

import "luoshi/internal/luoshi"

// Deputies are the demo county's people's congress deputies (人大代表) and CPPCC members
// (政协委员), each an account of role deputy, with the delegation or sector they belong to.
var Deputies = []struct {
	Username, Name, Delegation string
	CPPCC                      bool
}{
	{"daibiao1", "赵文华", "城关镇代表团", false},
	{"daibiao2", "钱玉珍", "河西街道代表团", false},
	{"daibiao3", "孙德胜", "南湖镇代表团", false},
	{"daibiao4", "李秀兰", "青石镇代表团", false},
	{"daibiao5", "周建设", "桃源乡代表团", false},
	{"daibiao6", "吴海波", "白马镇代表团", false},
	{"weiyuan1", "郑明远", "经济界", true},
	{"weiyuan2", "王丽君", "教育界", true},
	{"weiyuan3", "冯志强", "医药卫生界", true},
	{"weiyuan4", "陈思雨", "农业界", true},
}

// ProposalOffices are the congress's and the CPPCC's offices' accounts.
var ProposalOffices = []struct {
	Username, Name string
	Role           luoshi.Role
}{
	{"renda", "县人大选联工委", luoshi.RoleNPCOffice},
	{"zhengxie", "县政协提案委", luoshi.RoleCPPCCOffice},
}

// The demo's sessions (届次).
const (
	NPCSession    = "示例县第十八届人民代表大会第三次会议"
	CPPCCSession  = "政协示例县第十届委员会第三次会议"
	ReviewSession = "示例县第十八届人大常委会第二十次会议"
)

// ProposalStage is how far a demo proposal has been handled.
type ProposalStage string

// The stages of the demo proposals.
const (
	StageReceived    ProposalStage = "received"    // 待交办
	StageDeclined    ProposalStage = "declined"    // the lead unit declined; the office has yet to decide
	StageAssigned    ProposalStage = "assigned"    // being handled, no contact yet
	StageContacted   ProposalStage = "contacted"   // being handled, the proposer contacted
	StageReplied     ProposalStage = "replied"     // replied, awaiting the proposer's verdict
	StageClosed      ProposalStage = "closed"      // evaluated 满意 or 基本满意
	StageUnsatisfied ProposalStage = "unsatisfied" // evaluated 不满意, awaiting the second round
	StageReclosed    ProposalStage = "reclosed"    // 不满意, handled again, replied again and closed
)

// ProposalSpec is one demo proposal: its topic, proposers (usernames, the first leads),
// lead and co-units, how far it has gone, and the reply's class, verdict and lateness.
// Reclosed ones have First as the class of the first reply (evaluated 不满意).
type ProposalSpec struct {
	Kind      luoshi.ProposalKind
	Title     string
	Proposers []string
	Lead      string
	Co        []string
	Stage     ProposalStage
	Class     luoshi.ReplyClass
	Verdict   luoshi.Verdict
	First     luoshi.ReplyClass
	Late      bool
	Promise   string // what a B-class reply promises
}

const (
	sat   = luoshi.Satisfied
	basic = luoshi.BasicallySatisfied
	npc   = luoshi.KindNPCSuggestion
	cppcc = luoshi.KindCPPCCProposal
)

// Proposals are the demo county's 40 suggestions, 30 proposals and 2 review opinions, in
// every stage and class.
var Proposals = []ProposalSpec{
	// Suggestions of the deputies (人大代表建议).
	{npc, "关于加快城关镇老旧小区改造的建议", []string{"daibiao1", "daibiao2"}, "zjj", []string{"czj"}, StageReceived, "", "", "", false, ""},
	{npc, "关于增设河西街道公交站点的建议", []string{"daibiao2"}, "jtj", nil, StageReceived, "", "", "", false, ""},
	{npc, "关于加强农村饮水安全保障的建议", []string{"daibiao3"}, "slj", nil, StageReceived, "", "", "", false, ""},
	{npc, "关于规范校外培训机构管理的建议", []string{"daibiao4"}, "scj", []string{"jyj"}, StageDeclined, "", "", "", false, ""},
	{npc, "关于整治县城占道经营的建议", []string{"daibiao1"}, "scj", []string{"cgj"}, StageDeclined, "", "", "", false, ""},
	{npc, "关于提升乡镇卫生院服务能力的建议", []string{"daibiao5"}, "wjj", []string{"ybj"}, StageAssigned, "", "", "", false, ""},
	{npc, "关于推进农产品冷链物流建设的建议", []string{"daibiao3", "daibiao6"}, "swj", []string{"nyj"}, StageAssigned, "", "", "", false, ""},
	{npc, "关于加强中小学校园周边交通安全的建议", []string{"daibiao2"}, "gaj", []string{"jyj"}, StageAssigned, "", "", "", false, ""},
	{npc, "关于完善城区停车设施的建议", []string{"daibiao1"}, "cgj", []string{"zjj"}, StageContacted, "", "", "", false, ""},
	{npc, "关于支持返乡创业的建议", []string{"daibiao6"}, "rsj", []string{"czj"}, StageContacted, "", "", "", false, ""},
	{npc, "关于改善南湖镇农村道路的建议", []string{"daibiao3"}, "jtj", nil, StageReplied, luoshi.ClassA, "", "", false, ""},
	{npc, "关于建设县城第二水厂的建议", []string{"daibiao1", "daibiao2", "daibiao4"}, "slj", []string{"fgj"}, StageReplied, luoshi.ClassB, "", "", false, "完成第二水厂可行性研究并报批"},
	{npc, "关于建设县级综合档案馆的建议", []string{"daibiao4"}, "fgj", nil, StageReplied, luoshi.ClassC, "", "", false, ""},
	{npc, "关于设立县级航空应急救援站的建议", []string{"daibiao5"}, "yjj", nil, StageReplied, luoshi.ClassD, "", "", false, ""},
	{npc, "关于加强农村生活垃圾收运的建议", []string{"daibiao5"}, "cgj", []string{"nyj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于优化企业开办流程的建议", []string{"daibiao1"}, "spj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于推进政务数据共享的建议", []string{"daibiao2"}, "sjj", []string{"spj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于加强食品安全监管的建议", []string{"daibiao4"}, "scj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于提高城乡居民医保报销比例的建议", []string{"daibiao6"}, "ybj", []string{"czj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于加强学前教育师资配备的建议", []string{"daibiao3"}, "jyj", nil, StageClosed, luoshi.ClassA, sat, "", true, ""},
	{npc, "关于完善养老服务设施的建议", []string{"daibiao5", "daibiao3"}, "mzj", []string{"wjj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于治理县城河道黑臭水体的建议", []string{"daibiao1"}, "sthj", []string{"slj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于推广农业社会化服务的建议", []string{"daibiao6"}, "nyj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于加强矛盾纠纷多元化解的建议", []string{"daibiao2"}, "xfj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{npc, "关于改造青石镇集镇供水管网的建议", []string{"daibiao4"}, "slj", nil, StageClosed, luoshi.ClassB, sat, "", false, "完成青石镇集镇供水管网改造"},
	{npc, "关于建设县城口袋公园的建议", []string{"daibiao1", "daibiao2"}, "zjj", nil, StageClosed, luoshi.ClassB, sat, "", false, "新建城区口袋公园三处"},
	{npc, "关于扩建县第一中学的建议", []string{"daibiao2"}, "jyj", []string{"zrj"}, StageClosed, luoshi.ClassB, sat, "", true, "完成县第一中学扩建项目用地报批"},
	{npc, "关于发展乡村旅游的建议", []string{"daibiao5"}, "wlj", []string{"nyj"}, StageClosed, luoshi.ClassB, sat, "", false, "编制乡村旅游重点村建设方案"},
	{npc, "关于完善工业园区配套设施的建议", []string{"daibiao6"}, "gxj", []string{"zjj"}, StageClosed, luoshi.ClassB, sat, "", false, "建成工业园区职工公寓一期"},
	{npc, "关于建设县城文化综合体的建议", []string{"daibiao1"}, "wlj", nil, StageClosed, luoshi.ClassC, sat, "", false, ""},
	{npc, "关于修建白马镇跨河大桥的建议", []string{"daibiao6"}, "jtj", nil, StageClosed, luoshi.ClassC, sat, "", false, ""},
	{npc, "关于设立县域农产品品牌基金的建议", []string{"daibiao3"}, "czj", nil, StageClosed, luoshi.ClassD, sat, "", false, ""},
	{npc, "关于加强农村留守儿童关爱的建议", []string{"daibiao4"}, "mzj", []string{"jyj"}, StageClosed, luoshi.ClassA, basic, "", false, ""},
	{npc, "关于规范物业服务管理的建议", []string{"daibiao2"}, "zjj", nil, StageClosed, luoshi.ClassA, basic, "", false, ""},
	{npc, "关于推进电动自行车充电设施建设的建议", []string{"daibiao1"}, "cgj", nil, StageClosed, luoshi.ClassB, basic, "", false, "新建小区电动自行车集中充电点"},
	{npc, "关于提升县城夜间照明的建议", []string{"daibiao5"}, "cgj", nil, StageClosed, luoshi.ClassC, basic, "", false, ""},
	{npc, "关于整治农村危旧房屋的建议", []string{"daibiao3"}, "zjj", nil, StageUnsatisfied, luoshi.ClassC, "", "", false, ""},
	{npc, "关于开通城乡定制客运班线的建议", []string{"daibiao6"}, "jtj", nil, StageUnsatisfied, luoshi.ClassD, "", "", false, ""},
	{npc, "关于解决桃源乡灌溉用水的建议", []string{"daibiao5"}, "slj", []string{"nyj"}, StageReclosed, luoshi.ClassA, sat, luoshi.ClassC, false, ""},
	{npc, "关于加快农贸市场改造的建议", []string{"daibiao4"}, "swj", []string{"scj"}, StageReclosed, luoshi.ClassA, sat, luoshi.ClassC, false, ""},

	// Proposals of the CPPCC members (政协提案).
	{cppcc, "关于优化县域营商环境的提案", []string{"weiyuan1"}, "spj", nil, StageReceived, "", "", "", false, ""},
	{cppcc, "关于加强职业教育校企合作的提案", []string{"weiyuan2"}, "jyj", nil, StageReceived, "", "", "", false, ""},
	{cppcc, "关于发展县域预制菜产业的提案", []string{"weiyuan4"}, "gxj", []string{"nyj"}, StageDeclined, "", "", "", false, ""},
	{cppcc, "关于推进紧密型县域医共体建设的提案", []string{"weiyuan3"}, "wjj", []string{"ybj"}, StageAssigned, "", "", "", false, ""},
	{cppcc, "关于加强中小企业融资服务的提案", []string{"weiyuan1"}, "czj", nil, StageAssigned, "", "", "", false, ""},
	{cppcc, "关于保护传统村落的提案", []string{"weiyuan4", "weiyuan2"}, "wlj", []string{"zrj"}, StageAssigned, "", "", "", false, ""},
	{cppcc, "关于完善社区嵌入式托育服务的提案", []string{"weiyuan2"}, "wjj", []string{"mzj"}, StageContacted, "", "", "", false, ""},
	{cppcc, "关于推进高标准农田建设的提案", []string{"weiyuan4"}, "nyj", nil, StageReplied, luoshi.ClassA, "", "", false, ""},
	{cppcc, "关于建设县域人才公寓的提案", []string{"weiyuan1"}, "rsj", []string{"zjj"}, StageReplied, luoshi.ClassB, "", "", false, "建成县域人才公寓一期"},
	{cppcc, "关于设立县级科技创新基金的提案", []string{"weiyuan1"}, "gxj", nil, StageReplied, luoshi.ClassD, "", "", false, ""},
	{cppcc, "关于加强基层医疗人才队伍建设的提案", []string{"weiyuan3"}, "wjj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于推进义务教育优质均衡发展的提案", []string{"weiyuan2"}, "jyj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于加强县域商业体系建设的提案", []string{"weiyuan1"}, "swj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于加强耕地保护的提案", []string{"weiyuan4"}, "zrj", []string{"nyj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于推进智慧社区建设的提案", []string{"weiyuan2"}, "sjj", []string{"mzj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于完善慢性病长期处方管理的提案", []string{"weiyuan3"}, "ybj", []string{"wjj"}, StageClosed, luoshi.ClassA, sat, "", true, ""},
	{cppcc, "关于规范建筑工地扬尘治理的提案", []string{"weiyuan1"}, "sthj", []string{"zjj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于提升县城公共文化服务的提案", []string{"weiyuan2"}, "wlj", nil, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{cppcc, "关于建设县级应急物资储备库的提案", []string{"weiyuan1"}, "yjj", []string{"fgj"}, StageClosed, luoshi.ClassB, sat, "", false, "建成县级应急物资储备库"},
	{cppcc, "关于推进县域充电基础设施建设的提案", []string{"weiyuan1"}, "fgj", nil, StageClosed, luoshi.ClassB, sat, "", false, "建成乡镇公共充电站十座"},
	{cppcc, "关于发展林下经济的提案", []string{"weiyuan4"}, "nyj", nil, StageClosed, luoshi.ClassB, sat, "", false, "建设林下经济示范基地两个"},
	{cppcc, "关于提升基层公共卫生应急能力的提案", []string{"weiyuan3"}, "wjj", nil, StageClosed, luoshi.ClassB, sat, "", false, "完成乡镇卫生院发热门诊改造"},
	{cppcc, "关于建设县城体育公园的提案", []string{"weiyuan2"}, "wlj", []string{"zrj"}, StageClosed, luoshi.ClassC, sat, "", false, ""},
	{cppcc, "关于引进高端医疗设备的提案", []string{"weiyuan3"}, "wjj", nil, StageClosed, luoshi.ClassD, sat, "", false, ""},
	{cppcc, "关于加强农村宅基地管理的提案", []string{"weiyuan4"}, "zrj", nil, StageClosed, luoshi.ClassA, basic, "", false, ""},
	{cppcc, "关于规范网约车管理的提案", []string{"weiyuan1"}, "jtj", nil, StageClosed, luoshi.ClassA, basic, "", false, ""},
	{cppcc, "关于推进老年大学建设的提案", []string{"weiyuan2"}, "mzj", []string{"jyj"}, StageClosed, luoshi.ClassB, basic, "", false, "开设县老年大学乡镇分校三所"},
	{cppcc, "关于建设县域物流分拨中心的提案", []string{"weiyuan1"}, "swj", nil, StageClosed, luoshi.ClassC, basic, "", false, ""},
	{cppcc, "关于完善城区排水防涝设施的提案", []string{"weiyuan4"}, "zjj", nil, StageUnsatisfied, luoshi.ClassC, "", "", false, ""},
	{cppcc, "关于加强中药材种植扶持的提案", []string{"weiyuan3"}, "nyj", nil, StageReclosed, luoshi.ClassB, basic, luoshi.ClassD, false, "建设中药材种植示范基地"},

	// Review opinions of the standing committee (人大常委会审议意见).
	{luoshi.KindNPCReviewOpinion, "关于县人民政府优化营商环境工作情况报告的审议意见", []string{"daibiao1"}, "spj", []string{"fgj"}, StageClosed, luoshi.ClassA, sat, "", false, ""},
	{luoshi.KindNPCReviewOpinion, "关于县人民政府生态环境保护工作情况报告的审议意见", []string{"daibiao2"}, "sthj", nil, StageContacted, "", "", "", false, ""},
}

// PromiseItems counts the supervision items the demo proposals' B-class replies make.
func PromiseItems() int {
	n := 0
	for _, p := range Proposals {
		if p.Promise != "" && (p.Class == luoshi.ClassB || p.First == luoshi.ClassB) {
			n++
		}
	}
	return n
}
