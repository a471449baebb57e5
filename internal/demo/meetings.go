package demo

// TopicSpec is a demo meeting topic (议题): the unit bringing it, its texts, the solutions,
// the units asked to sign off, and how far it got: "draft", "submitted", "returned" (with
// the office's reason) or "accepted" onto the meeting at Meeting (an index in Meetings).
type TopicSpec struct {
	Unit, Title, Background, Analysis string
	Solutions                         []SolutionSpec
	SignOffs                          []string
	Legal                             string // the legality review, when the matter needs one
	State                             string
	Meeting                           int
	Reason                            string
	LateSignOff                       bool // the first unit signs off after its due time
}

// SolutionSpec is one proposed solution of a demo topic.
type SolutionSpec struct{ Text, Cost, Effect, Risk string }

// MeetingSpec is a demo meeting: its kind, title, chair, how many days ago it was held
// (negative: to come), its minutes' number and text, and its decisions; Published says the
// minutes were published, so that the decisions are items.
type MeetingSpec struct {
	Kind, Title, Chair, Attendees string
	DaysAgo                       int
	MinutesNo, Minutes            string
	Decisions                     []DecisionSpec
	Published                     bool
}

// DecisionSpec is a demo decision: what, the lead unit and co-units, the leader, and its
// deadline in days after the meeting (kept within the calendar's year by the loader).
type DecisionSpec struct {
	Text, Lead string
	Co         []string
	Leader     string
	Days       int
	Topic      int // the index in Topics of the topic it decides, -1 for none
}

// Meetings are the demo's meetings: a 常务会议 whose five decisions are items, a 县长办公会议
// whose two are, a 专题会议 with its minutes recorded and not yet published, and a 常务会议
// to come with topics on its agenda.
var Meetings = []MeetingSpec{
	{Kind: "executive", Title: "县政府第18次常务会议", Chair: "周明远", Attendees: "县政府领导班子成员，县直有关单位主要负责人", DaysAgo: 40,
		MinutesNo: "〔2026〕18号", Published: true,
		Minutes: "会议听取了县住房和城乡建设局关于城区供水管网改造、县行政审批服务局关于推行“一窗通办”的汇报，研究了县域重点项目推进工作。\n会议强调，各牵头单位要细化任务、压实责任，按时限办结并及时报送进展。",
		Decisions: []DecisionSpec{
			{Text: "同意实施城区供水管网改造一期工程，由县住房和城乡建设局牵头组织实施", Lead: "zjj", Co: []string{"czj", "zrj"}, Leader: "fxz_wang", Days: 60, Topic: 0},
			{Text: "在县政务服务中心推行“一窗通办”综合受理，整合部门窗口", Lead: "spj", Co: []string{"sjj"}, Leader: "changwu", Days: 45, Topic: 1},
			{Text: "建立重点项目周调度机制，每周报送项目推进情况", Lead: "fgj", Co: []string{"czj"}, Leader: "changwu", Days: 30, Topic: -1},
			{Text: "开展城区背街小巷环境整治，完成路面修补和杂物清理", Lead: "cgj", Co: []string{"zjj"}, Leader: "fxz_wang", Days: 50, Topic: -1},
			{Text: "完善县域医疗共同体建设方案，提请下次常务会议审议", Lead: "wjj", Co: []string{"ybj"}, Leader: "", Days: 35, Topic: -1},
		}},
	{Kind: "county_head", Title: "县长办公会议（第6次）", Chair: "周明远", Attendees: "县政府办公室、县发展和改革局、县财政局负责人", DaysAgo: 20,
		MinutesNo: "〔2026〕6号", Published: true,
		Minutes: "会议研究了农贸市场提质改造和中小学校舍安全排查工作。",
		Decisions: []DecisionSpec{
			{Text: "启动城关农贸市场提质改造，完成施工设计和招标", Lead: "swj", Co: []string{"scj"}, Leader: "", Days: 40, Topic: 2},
			{Text: "组织中小学校舍安全隐患排查，建立问题台账并限期整改", Lead: "jyj", Co: []string{"yjj"}, Leader: "", Days: 25, Topic: -1},
		}},
	{Kind: "special", Title: "营商环境专题会议", Chair: "李卫东", Attendees: "县行政审批服务局、县市场监督管理局、县数据局负责人", DaysAgo: 8,
		MinutesNo: "〔2026〕3号",
		Minutes:   "会议研究了企业开办“一日办结”和涉企检查“综合查一次”工作。",
		Decisions: []DecisionSpec{
			{Text: "推行企业开办“一日办结”，压缩审批环节", Lead: "spj", Co: []string{"scj"}, Leader: "changwu", Days: 30, Topic: -1},
			{Text: "推行涉企检查“综合查一次”，制定联合检查清单", Lead: "scj", Co: []string{"spj"}, Leader: "changwu", Days: 30, Topic: -1},
		}},
	{Kind: "executive", Title: "县政府第19次常务会议", Chair: "周明远", Attendees: "县政府领导班子成员", DaysAgo: -7},
}

// DecisionItems is how many items the demo's published decisions became.
func DecisionItems() int {
	n := 0
	for _, m := range Meetings {
		if m.Published {
			n += len(m.Decisions)
		}
	}
	return n
}

var (
	solPipe   = SolutionSpec{"分两期改造城区老旧供水管网，一期改造主干管12公里", "约3600万元，申请专项债券解决", "解决城区2万户供水压力不足问题", "施工期间局部停水，需提前公告"}
	solWindow = SolutionSpec{"设立综合受理窗口，实行前台综合受理、后台分类审批", "改造场地和系统对接约150万元", "群众办事只进一扇门", "部门系统数据共享进度"}
	solMarket = SolutionSpec{"对城关农贸市场进行提质改造，完善排水和消防设施", "约800万元，市场运营方分担三成", "改善群众买菜环境", "改造期间商户临时安置"}
)

// Topics are the demo's topics, in every state: accepted onto the meetings (the first three
// decided there), one on the agenda to come, one submitted, one returned for lacking a
// workable solution, drafts with sign-offs asked.
var Topics = []TopicSpec{
	{Unit: "zjj", Title: "关于城区供水管网改造的议题", Background: "城区部分供水管网建于上世纪九十年代，漏损率高。", Analysis: "管网老化导致高峰期水压不足，群众反映集中。",
		Solutions: []SolutionSpec{solPipe}, SignOffs: []string{"czj", "zrj"}, Legal: "经县司法局审查，本事项符合有关法律法规规定。", State: "accepted", Meeting: 0},
	{Unit: "spj", Title: "关于推行“一窗通办”综合受理的议题", Background: "县政务服务中心现有部门窗口分散。", Analysis: "群众办事需多窗口排队，等候时间长。",
		Solutions: []SolutionSpec{solWindow}, SignOffs: []string{"sjj"}, State: "accepted", Meeting: 0, LateSignOff: true},
	{Unit: "swj", Title: "关于城关农贸市场提质改造的议题", Background: "城关农贸市场建成已二十年。", Analysis: "排水不畅、消防设施不全，存在安全隐患。",
		Solutions: []SolutionSpec{solMarket}, SignOffs: []string{"scj"}, State: "accepted", Meeting: 1},
	{Unit: "jtj", Title: "关于城乡公交一体化改革的议题", Background: "部分乡镇公交班次少、票价高。", Analysis: "城乡公交分属不同经营主体，线路衔接不畅。",
		Solutions: []SolutionSpec{{"组建县公交公司统一经营城乡线路", "首年运营补贴约600万元", "实现城乡公交同城同价", "原经营者退出补偿"}}, SignOffs: []string{"czj"},
		State: "accepted", Meeting: 3},
	{Unit: "nyj", Title: "关于高标准农田建设后续管护的议题", Background: "全县已建成高标准农田多处。", Analysis: "建后管护主体不明确，部分设施损毁。",
		Solutions: []SolutionSpec{{"明确乡镇为管护责任主体，建立管护资金", "每年约200万元", "设施完好率提高", "乡镇财力有限"}}, SignOffs: []string{"czj"}, State: "submitted"},
	{Unit: "wlj", Title: "关于古镇旅游开发的议题", Background: "青石镇古街区保存较完整。", Analysis: "开发主体和资金来源尚不明确。",
		Solutions: []SolutionSpec{{"先行开展规划研究", "约50万元", "明确开发方向", "规划周期较长"}}, SignOffs: []string{"zrj"}, State: "returned",
		Reason: "缺少可行的解决方案：所提方案仅为开展规划研究，未说明开发模式、资金筹措和分期实施安排，请补充完善后重新报送。"},
	{Unit: "jyj", Title: "关于城区学校学位扩容的议题", Background: "城区小学学位紧张。", Analysis: "新建小区入学需求集中。",
		SignOffs: []string{"zrj", "czj"}, State: "draft"},
	{Unit: "mzj", Title: "关于社区养老服务中心运营的议题", Background: "已建成社区养老服务中心若干处。", Analysis: "部分中心运营困难。",
		Solutions: []SolutionSpec{{"引入专业机构连锁运营", "运营补贴每年约120万元", "服务老人数量提高", "机构盈利能力"}}, State: "draft"},
}

// Practices are the demo's experience library (外地经验): what other places did, with the
// topics (by index in Topics) that adopt them.
var Practices = []struct {
	Place, Title, What, Result, Source string
	Tags                               []string
	Topics                             []int
}{
	{"浙江省德清县", "“一窗受理、集成服务”改革", "设立综合受理窗口，前台综合受理、后台分类审批、统一窗口出件。", "群众办事平均跑动次数降至0.3次。", "浙江省政府办公厅简报", []string{"政务服务", "营商环境"}, []int{1}},
	{"江苏省昆山市", "重大项目“拿地即开工”", "土地出让前完成规划设计方案审查和施工图审查，出让后即发施工许可。", "项目开工时间平均提前3个月。", "江苏省发展改革委经验材料", []string{"项目建设", "营商环境"}, nil},
	{"福建省晋江市", "城区供水管网分区计量管理", "按片区安装计量设施，实时监测漏损，精准定位改造。", "管网漏损率由18%降至9%。", "住房城乡建设部典型案例", []string{"城市建设", "供水"}, []int{0}},
	{"山东省寿光市", "农贸市场“智慧化”改造", "统一改造排水、消防和电子结算设施，引入运营公司管理。", "市场环境明显改善，商户入驻率提高。", "山东省商务厅通报", []string{"民生", "市场"}, []int{2}},
	{"湖南省浏阳市", "城乡公交一体化", "组建国有公交公司统一经营城乡线路，实行同城同价。", "乡村群众出行成本下降一半。", "交通运输部典型经验", []string{"交通", "城乡融合"}, []int{3}},
	{"安徽省天长市", "县域医共体建设", "以县医院为龙头组建医共体，实行医保资金打包付费。", "县域就诊率达到90%以上。", "国家卫生健康委简报", []string{"医疗", "民生"}, nil},
	{"四川省彭州市", "高标准农田建后管护", "明确乡镇和村集体管护责任，设立管护基金。", "设施完好率保持在95%以上。", "四川省农业农村厅材料", []string{"农业", "乡村振兴"}, []int{4}},
	{"广东省佛山市南海区", "涉企检查“综合查一次”", "制定联合检查清单，同一企业多部门检查合并进行。", "涉企检查次数减少四成。", "广东省政府督查室通报", []string{"营商环境", "监管"}, nil},
	{"上海市浦东新区", "社区养老服务连锁运营", "引入专业机构连锁运营社区养老服务中心，政府购买服务。", "服务覆盖老人数量增长一倍。", "民政部典型案例", []string{"养老", "民生"}, []int{7}},
	{"江西省婺源县", "古村落保护性开发", "政府主导规划、企业参与运营、村民入股分红。", "旅游收入持续增长，村民增收。", "江西省文化和旅游厅经验材料", []string{"文旅", "乡村振兴"}, []int{5}},
}
