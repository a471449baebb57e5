// Package demo holds the content of the demo county 示例县: its units, leaders,
// supervision items and the texts that make its history look lived in.
//
// It is pure data, written by hand, so that a newcomer starting luoshi for the
// first time sees a county at work rather than an empty screen. Nothing here is
// generated at run time; the seeding code decides dates, states and who did what.
package demo

// RegionCode and RegionName identify the demo county (GB/T 2260 style code).
const (
	RegionCode = "439001"
	RegionName = "示例县"
)

// CountyHeadKey is the key of the county head, who oversees every unit.
const CountyHeadKey = "xianzhang"

// Unit kinds.
const (
	KindDepartment = "department" // 部门
	KindTownship   = "township"   // 乡镇/街道
)

// UnitSpec describes one unit of the county.
type UnitSpec struct {
	Key  string // short ASCII key, lower case letters and digits; usernames are Key+"_ll" and Key+"_jb"
	Name string // e.g. "县发展和改革局"
	Kind string // KindDepartment or KindTownship
	Head string // the unit head's name
}

// LeaderSpec describes one county leader and the units in the portfolio.
type LeaderSpec struct {
	Key       string   // ASCII; the county head is CountyHeadKey
	Name      string   // the leader's name
	Post      string   // 县长, 常务副县长, 副县长 …
	Portfolio []string // unit keys overseen; empty means all units (the county head)
}

// ItemSpec describes one supervision item (督办事项).
type ItemSpec struct {
	Source    string   // one of the sources of DOMAIN.md
	SourceRef string   // the document it came from
	Title     string   // 15–40 characters
	Content   string   // the requirements: what, by when, measurable
	Priority  string   // urgent, important, routine
	Lead      string   // unit key of the lead unit (牵头单位)
	Co        []string // unit keys of the co-units (配合单位), never Lead
	Leader    string   // key of the responsible leader (责任领导)

	// PlainTitle and PlainContent replace Title and Content (where set) when the item's
	// deadline falls outside the season its words name (see Seasons).
	PlainTitle, PlainContent string
}

// ReportSpec is a progress report (进展反馈) on work of one topic (see ReportTopics); a
// "general" report fits any item. When Problems is not empty, NextSteps says how the
// problem will be solved.
type ReportSpec struct {
	Text, Problems, NextSteps string
	Topic                     string
}

// LiaisonUsername is the username of the liaison (联络员) of a unit.
func LiaisonUsername(unitKey string) string { return unitKey + "_ll" }

// StaffUsername is the username of the staff member (经办人) of a unit.
func StaffUsername(unitKey string) string { return unitKey + "_jb" }

// UnitByKey finds a unit by its key.
func UnitByKey(key string) (UnitSpec, bool) {
	for _, u := range Units {
		if u.Key == key {
			return u, true
		}
	}
	return UnitSpec{}, false
}

// LeaderByKey finds a leader by key.
func LeaderByKey(key string) (LeaderSpec, bool) {
	for _, l := range Leaders {
		if l.Key == key {
			return l, true
		}
	}
	return LeaderSpec{}, false
}

// Oversees reports whether the leader oversees the unit; an empty portfolio
// (the county head's) covers every unit.
func (l LeaderSpec) Oversees(unitKey string) bool {
	if len(l.Portfolio) == 0 {
		return true
	}
	for _, k := range l.Portfolio {
		if k == unitKey {
			return true
		}
	}
	return false
}

// Units are the 23 departments and 10 townships and streets of 示例县.
var Units = []UnitSpec{
	{Key: "fgj", Name: "县发展和改革局", Kind: KindDepartment, Head: "王建国"},
	{Key: "czj", Name: "县财政局", Kind: KindDepartment, Head: "刘红梅"},
	{Key: "zrj", Name: "县自然资源局", Kind: KindDepartment, Head: "陈志刚"},
	{Key: "zjj", Name: "县住房和城乡建设局", Kind: KindDepartment, Head: "杨振华"},
	{Key: "jtj", Name: "县交通运输局", Kind: KindDepartment, Head: "黄国平"},
	{Key: "nyj", Name: "县农业农村局", Kind: KindDepartment, Head: "周德明"},
	{Key: "slj", Name: "县水利局", Kind: KindDepartment, Head: "吴春林"},
	{Key: "swj", Name: "县商务局", Kind: KindDepartment, Head: "徐丽娟"},
	{Key: "wlj", Name: "县文化和旅游局", Kind: KindDepartment, Head: "朱晓峰"},
	{Key: "wjj", Name: "县卫生健康局", Kind: KindDepartment, Head: "胡静"},
	{Key: "jyj", Name: "县教育局", Kind: KindDepartment, Head: "郭文斌"},
	{Key: "sthj", Name: "市生态环境局示例县分局", Kind: KindDepartment, Head: "林建军"},
	{Key: "yjj", Name: "县应急管理局", Kind: KindDepartment, Head: "马腾飞"},
	{Key: "scj", Name: "县市场监督管理局", Kind: KindDepartment, Head: "罗永强"},
	{Key: "rsj", Name: "县人力资源和社会保障局", Kind: KindDepartment, Head: "梁秀英"},
	{Key: "mzj", Name: "县民政局", Kind: KindDepartment, Head: "宋玉兰"},
	{Key: "gaj", Name: "县公安局", Kind: KindDepartment, Head: "谢振东"},
	{Key: "cgj", Name: "县城市管理局", Kind: KindDepartment, Head: "韩立伟"},
	{Key: "sjj", Name: "县数据局", Kind: KindDepartment, Head: "唐浩"},
	{Key: "spj", Name: "县行政审批服务局", Kind: KindDepartment, Head: "冯雪"},
	{Key: "gxj", Name: "县工业和信息化局", Kind: KindDepartment, Head: "邓少华"},
	{Key: "xfj", Name: "县信访局", Kind: KindDepartment, Head: "曹文忠"},
	{Key: "ybj", Name: "县医疗保障局", Kind: KindDepartment, Head: "彭丽"},

	{Key: "cgz", Name: "城关镇", Kind: KindTownship, Head: "许志勇"},
	{Key: "hxjd", Name: "河西街道", Kind: KindTownship, Head: "蒋海燕"},
	{Key: "lqjd", Name: "龙泉街道", Kind: KindTownship, Head: "沈卫国"},
	{Key: "nhz", Name: "南湖镇", Kind: KindTownship, Head: "田俊"},
	{Key: "qsz", Name: "青石镇", Kind: KindTownship, Head: "董立军"},
	{Key: "tyx", Name: "桃源乡", Kind: KindTownship, Head: "袁芳"},
	{Key: "dsx", Name: "东山乡", Kind: KindTownship, Head: "潘金海"},
	{Key: "llx", Name: "柳林乡", Kind: KindTownship, Head: "蔡永红"},
	{Key: "bmz", Name: "白马镇", Kind: KindTownship, Head: "余光明"},
	{Key: "smz", Name: "石门镇", Kind: KindTownship, Head: "程建平"},
}

// Leaders are the county head, the executive deputy and five deputies. Each
// deputy also links (联系) a few townships, so every unit is in some portfolio.
var Leaders = []LeaderSpec{
	{Key: CountyHeadKey, Name: "周明远", Post: "县长", Portfolio: nil},
	{Key: "changwu", Name: "李卫东", Post: "常务副县长",
		Portfolio: []string{"fgj", "czj", "zrj", "spj", "sjj", "cgz", "hxjd"}},
	{Key: "fxz_wang", Name: "王海峰", Post: "副县长",
		Portfolio: []string{"zjj", "jtj", "cgj", "sthj", "lqjd", "nhz"}},
	{Key: "fxz_zhao", Name: "赵静", Post: "副县长",
		Portfolio: []string{"jyj", "wjj", "wlj", "rsj", "mzj", "ybj", "qsz", "tyx"}},
	{Key: "fxz_liu", Name: "刘志强", Post: "副县长",
		Portfolio: []string{"nyj", "slj", "dsx", "llx", "bmz"}},
	{Key: "fxz_sun", Name: "孙晓燕", Post: "副县长",
		Portfolio: []string{"gxj", "swj", "scj", "smz"}},
	{Key: "fxz_he", Name: "何永平", Post: "副县长",
		Portfolio: []string{"gaj", "yjj", "xfj"}},
}

// Items are the supervision items of 示例县 for 2026.
var Items = []ItemSpec{
	// ── 会议议定事项 ──────────────────────────────────────────────
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第3次常务会议纪要",
		Title:    "完成城区12个老旧小区改造并交付使用",
		Content:  "按照常务会议议定，2026年实施城关镇、河西街道12个老旧小区改造，涉及住户3160户。5月底前全部开工，10月底前完成主体改造，12月底前完成竣工验收和交付。县财政局负责落实配套资金，改造后由属地街道牵头建立长效管护机制。",
		Priority: "important", Lead: "zjj", Co: []string{"czj", "cgz", "hxjd"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第3次常务会议纪要",
		Title:    "完成城区老化燃气管道更新改造42公里",
		Content:  "对城区使用年限超过20年的中低压燃气管道和庭院管道开展更新改造，全年完成42公里。6月底前完成管网普查建档，11月底前完成改造任务。施工期间落实临时供气和施工安全措施，不得出现大面积停气。",
		Priority: "important", Lead: "zjj", Co: []string{"yjj", "scj"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第4次常务会议纪要",
		Title:    "新增城区公共停车泊位1500个缓解停车难",
		Content:  "利用边角地、闲置地和机关单位院落新增公共停车泊位1500个，其中机关单位夜间和节假日错时开放泊位不少于400个。6月底前完成选点和规划，9月底前投入使用，同步接入智慧停车平台。",
		Priority: "important", Lead: "cgj", Co: []string{"gaj", "zrj", "zjj"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第5次常务会议纪要",
		Title:    "起草出台支持民营经济高质量发展若干措施",
		Content:  "对标省市最新政策，起草支持民营经济发展的若干措施，重点在要素保障、融资支持、涉企收费和政策兑现等方面提出可操作条款。4月30日前形成征求意见稿并听取不少于30家企业意见，6月底前提请县政府常务会议审议印发。",
		Priority: "important", Lead: "fgj", Co: []string{"czj", "gxj", "spj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第5次常务会议纪要",
		Title:    "全面清理政府部门和国有企业拖欠企业账款",
		Content:  "全面摸排各部门、各乡镇和县属国有企业拖欠民营企业、中小企业账款情况，建立台账逐笔销号。6月底前无分歧欠款应清尽清，有分歧欠款明确解决路径和时限。每月5日前报送清偿进度。",
		Priority: "important", Lead: "gxj", Co: []string{"czj", "fgj"}, Leader: "fxz_sun",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第6次常务会议纪要",
		Title:        "汛前完成城区12处易涝积水点整治",
		Content:      "针对去年汛期城区出现的12处内涝积水点，逐点制定整治方案，实施管网扩容、雨污分流改造和移动泵站配置。5月31日前完成全部整治工程，汛前组织一次城区排涝应急演练。",
		PlainTitle:   "完成城区12处易涝积水点整治",
		PlainContent: "针对今年强降雨期间城区出现的12处内涝积水点，逐点制定整治方案，实施管网扩容、雨污分流改造和移动泵站配置。限期完成全部整治工程，完工后组织一次城区排涝应急演练。",
		Priority:     "urgent", Lead: "zjj", Co: []string{"cgj", "slj"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第6次常务会议纪要",
		Title:    "制定县人民医院新院区整体搬迁运行方案",
		Content:  "统筹新院区设备购置、科室布局、信息系统迁移和老院区过渡使用，制定整体搬迁方案。7月底前方案报县政府审定，搬迁期间急诊、住院服务不得中断，老院区保留社区卫生服务功能。",
		Priority: "important", Lead: "wjj", Co: []string{"zjj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第7次常务会议纪要",
		Title:    "处置批而未供和闲置土地1200亩",
		Content:  "对2009年以来批而未供土地和认定的闲置土地逐宗分析原因，分类采取供地、收回、置换等方式处置。全年处置批而未供土地1000亩、闲置土地200亩，每季度末向县政府报告处置进度。",
		Priority: "important", Lead: "zrj", Co: []string{"fgj", "gxj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第7次常务会议纪要",
		Title:    "开展中小学校园及周边安全综合整治专项行动",
		Content:  "聚焦校园食品安全、校车安全、周边交通秩序和无证经营，开展为期三个月的综合整治。4月底前完成全县86所中小学和幼儿园排查，发现的问题建立清单限期整改，6月底前全部销号。",
		Priority: "important", Lead: "jyj", Co: []string{"gaj", "scj", "cgj"}, Leader: "fxz_zhao",
	},
	{
		Source: "meeting_decision", SourceRef: "2026年全县防汛抗旱工作会议纪要",
		Title:        "主汛期前完成6座小型病险水库除险加固主体工程",
		Content:      "对列入2026年计划的6座小型病险水库实施除险加固，5月15日前完成大坝加固、溢洪道和放水设施主体工程，确保安全度汛。同步落实全县37座小型水库行政、技术、巡查“三个责任人”，汛前完成全面检查。",
		PlainTitle:   "完成6座小型病险水库除险加固主体工程",
		PlainContent: "对列入2026年计划的6座小型病险水库实施除险加固，限期完成大坝加固、溢洪道和放水设施主体工程。同步落实全县37座小型水库行政、技术、巡查“三个责任人”，完成全面检查。",
		Priority:     "urgent", Lead: "slj", Co: []string{"yjj", "czj"}, Leader: "fxz_liu",
	},
	{
		Source: "meeting_decision", SourceRef: "2026年全县防汛抗旱工作会议纪要",
		Title:        "修订县级防汛应急预案和山洪灾害危险区转移方案",
		Content:      "结合去年防汛实战情况修订县级防汛抗旱应急预案，更新全县山洪灾害危险区和转移路线。4月20日前完成修订并印发，4月底前各乡镇完成转移演练，确保危险区群众转移到户到人。",
		PlainTitle:   "修订县级自然灾害应急预案和山洪灾害危险区转移方案",
		PlainContent: "结合今年应急处置实战情况修订县级自然灾害应急预案，更新全县山洪灾害危险区和转移路线。限期完成修订并印发，随后各乡镇完成转移演练，确保危险区群众转移到户到人。",
		Priority:     "urgent", Lead: "yjj", Co: []string{"slj", "zrj"}, Leader: "fxz_he",
	},
	{
		Source: "meeting_decision", SourceRef: "县长办公会议纪要〔2026〕4号",
		Title:    "协调解决城东工业园区企业用电增容和供水保障问题",
		Content:  "园区内5家企业反映扩产后用电容量不足、供水压力偏低。要求7日内与供电公司共同制定增容方案，一个月内完成临时增容，二季度完成园区加压泵站改造，保障企业正常生产。",
		Priority: "urgent", Lead: "gxj", Co: []string{"slj", "fgj"}, Leader: "fxz_sun",
	},
	{
		Source: "meeting_decision", SourceRef: "县长办公会议纪要〔2026〕6号",
		Title:    "推动锦绣华庭项目停工楼栋复工和保交房",
		Content:  "锦绣华庭项目3栋住宅停工8个月，涉及购房户426户。由县住建局牵头成立工作专班，15日内完成资金缺口核算并启动融资协调，3月底前全面复工，年底前完成交付，期间每周向购房户通报进展。",
		Priority: "urgent", Lead: "zjj", Co: []string{"xfj", "czj", "zrj"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第8次常务会议纪要",
		Title:    "制定并实施2026年县级十件民生实事",
		Content:  "在公开征集意见的基础上确定2026年县级十件民生实事，逐项明确牵头单位、资金来源和完成时限。3月底前印发实施方案，每季度公开办理进度，年底前全部完成并接受人大代表评议。",
		Priority: "important", Lead: "fgj", Co: []string{"czj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第8次常务会议纪要",
		Title:    "完成经营性自建房安全隐患排查整治销号",
		Content:  "对全县3层及以上、人员密集的经营性自建房开展安全隐患复核，存在结构安全隐患的一律停止经营。6月底前完成复核，C、D级危房年底前全部完成整治或解危，整治结果录入全国自建房信息归集平台。",
		Priority: "important", Lead: "zjj", Co: []string{"zrj", "yjj", "scj"}, Leader: "fxz_wang",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第9次常务会议纪要",
		Title:    "清查盘活行政事业单位闲置国有房产",
		Content:  "全面清查行政事业单位闲置、低效使用的房产和土地，建立资产台账。8月底前完成清查，年底前通过调剂、出租、公开处置等方式盘活不少于30处，收益全额缴入县级国库。",
		Priority: "routine", Lead: "czj", Co: []string{"zrj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第9次常务会议纪要",
		Title:    "建立重点项目用地用林环评要素保障周调度机制",
		Content:  "对全县48个重点项目的用地、用林、环评、能评等要素需求实行清单管理，每周一调度、每月一通报。要素问题在县级层面原则上10个工作日内办结，需报上级的明确专人跟踪。",
		Priority: "important", Lead: "fgj", Co: []string{"zrj", "sthj", "spj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第10次常务会议纪要",
		Title:    "建设乡镇区域性养老服务中心3个",
		Content:  "依托青石镇、白马镇、南湖镇敬老院改扩建区域性养老服务中心3个，新增护理型床位180张。9月底前完成改造，年底前投入运营，并向周边村提供上门助餐、助浴服务。",
		Priority: "routine", Lead: "mzj", Co: []string{"wjj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第10次常务会议纪要",
		Title:        "做好夏秋两季秸秆禁烧和综合利用工作",
		Content:      "落实县乡村三级网格责任，夏收、秋收期间实行秸秆禁烧24小时巡查。全年秸秆综合利用率达到93%以上，卫星监测火点数较上年下降30%，每发现一处火点48小时内核查处置。",
		PlainTitle:   "做好秸秆禁烧和综合利用工作",
		PlainContent: "落实县乡村三级网格责任，收获期间实行秸秆禁烧24小时巡查。全年秸秆综合利用率达到93%以上，卫星监测火点数较上年下降30%，每发现一处火点48小时内核查处置。",
		Priority:     "routine", Lead: "nyj", Co: []string{"sthj"}, Leader: "fxz_liu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府专题会议纪要〔2026〕11号",
		Title:    "新增城区义务教育学位1800个",
		Content:  "针对城区小学一年级和初中一年级学位紧张，通过新建城东小学、改扩建实验中学新增学位1800个。城东小学8月底前完工并于秋季开学招生，同步完成教师招聘和设备配置。",
		Priority: "important", Lead: "jyj", Co: []string{"zjj", "zrj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第11次常务会议纪要",
		Title:    "完成城关镇中心农贸市场提质改造",
		Content:  "对城关镇中心农贸市场实施屋面、排水、摊位和冷链设施改造，设置农残快检室和公平秤。改造期间设置临时过渡市场，9月底前完成改造并恢复营业。",
		Priority: "routine", Lead: "cgz", Co: []string{"scj", "swj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第12次常务会议纪要",
		Title:    "整合县直部门自建政务信息系统迁移上云",
		Content:  "对县直部门自建的46个政务信息系统开展清查，停用僵尸系统，其余迁移至县政务云。10月底前完成迁移，系统数据按目录接入县数据共享交换平台，不得新建独立机房。",
		Priority: "routine", Lead: "sjj", Co: []string{"czj", "spj"}, Leader: "changwu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府2026年第12次常务会议纪要",
		Title:        "完成东山乡4处地质灾害隐患点群众搬迁避让",
		Content:      "对东山乡4处中型以上地质灾害隐患点受威胁的57户群众实施搬迁避让。6月底前完成安置点选址和建房，主汛期前无法入住的落实临时避险安置，确保人员零伤亡。",
		PlainContent: "对东山乡4处中型以上地质灾害隐患点受威胁的57户群众实施搬迁避让。限期完成安置点选址和建房，暂时无法入住的落实临时避险安置，确保人员零伤亡。",
		Priority:     "important", Lead: "dsx", Co: []string{"zrj", "yjj"}, Leader: "fxz_liu",
	},
	{
		Source: "meeting_decision", SourceRef: "县政府安全生产专题会议纪要〔2026〕2号",
		Title:    "全面排查整治餐饮场所燃气使用安全隐患",
		Content:  "对全县餐饮经营场所燃气使用情况开展拉网式排查，重点检查“瓶改管”、报警装置和软管老化。10日内完成城区排查，一个月内实现餐饮场所燃气报警器安装全覆盖，拒不整改的依法停业整顿。",
		Priority: "urgent", Lead: "yjj", Co: []string{"scj", "zjj", "cgj"}, Leader: "fxz_he",
	},

	// ── 领导批示 ──────────────────────────────────────────────────
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕2号",
		Title:    "查明并解决河西街道锦江小区饮用水浑浊问题",
		Content:  "近期锦江小区居民多次反映自来水浑浊发黄。要求48小时内查明原因并公布水质检测结果，一周内完成二次供水设施清洗消毒，建立每季度水质检测公示制度。",
		Priority: "urgent", Lead: "zjj", Co: []string{"wjj", "hxjd"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕5号",
		Title:    "尽快修复省道S312白马镇段破损路面",
		Content:  "群众反映省道S312线白马镇段约3.2公里路面坑槽、沉陷严重，存在交通安全隐患。10日内完成坑槽应急修补并设置警示标志，6月底前完成该路段中修。",
		Priority: "urgent", Lead: "jtj", Co: []string{"bmz"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕7号",
		Title:    "化解柳林乡砂石厂征地补偿信访积案",
		Content:  "该案涉及村民23户，因2019年砂石厂征地补偿标准争议反复上访。要求由乡党委书记包案，会同相关部门依法依规复核补偿标准，6月底前提出化解方案，9月底前案结事了。",
		Priority: "important", Lead: "llx", Co: []string{"xfj", "zrj"}, Leader: "fxz_liu",
	},
	{
		Source: "leader_instruction", SourceRef: "常务副县长批示〔2026〕3号",
		Title:    "压缩企业不动产登记办理时间至3个工作日内",
		Content:  "有企业反映办理不动产转移登记耗时过长。要求梳理登记流程和申请材料，推行“交房即交证”和税费登记一窗办理，5月底前企业一般登记办理时间压缩至3个工作日以内。",
		Priority: "important", Lead: "zrj", Co: []string{"spj", "sjj"}, Leader: "changwu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕9号",
		Title:    "整治城区建筑工地夜间施工噪声扰民问题",
		Content:  "12345热线一季度受理夜间施工噪声投诉137件。要求严格夜间施工审批，重点工地安装噪声在线监测设备，对违规夜间施工的依法处罚并向社会通报，二季度投诉量下降50%以上。",
		Priority: "important", Lead: "sthj", Co: []string{"zjj", "cgj"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕11号",
		Title:        "春节前全面清欠工程建设领域农民工工资",
		Content:      "对全县在建工程项目开展农民工工资支付专项检查。1月20日前完成所有在建项目排查，1月31日前确保已查实的欠薪案件动态清零，公布投诉举报电话并安排专人24小时接听。",
		PlainTitle:   "全面清欠工程建设领域农民工工资",
		PlainContent: "对全县在建工程项目开展农民工工资支付专项检查。限期完成所有在建项目排查，确保已查实的欠薪案件动态清零，公布投诉举报电话并安排专人24小时接听。",
		Priority:     "urgent", Lead: "rsj", Co: []string{"zjj", "jtj", "slj"}, Leader: "fxz_zhao",
	},
	{
		Source: "leader_instruction", SourceRef: "赵静副县长批示〔2026〕2号",
		Title:    "解决乡镇卫生院慢病常用药品配备不足问题",
		Content:  "部分乡镇卫生院高血压、糖尿病常用药品品种不全，群众需到县城购药。要求统一县域医共体用药目录，6月底前乡镇卫生院慢病常用药品配备不少于县级医院的80%。",
		Priority: "routine", Lead: "wjj", Co: []string{"ybj"}, Leader: "fxz_zhao",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕13号",
		Title:    "查处龙泉街道工业集中区企业异味扰民问题",
		Content:  "龙泉街道居民反映夜间工业集中区方向有刺激性气味。要求24小时内组织夜间执法监测锁定排放源，对超标排放企业立即停产整改，一个月内完成集中区废气治理设施排查。",
		Priority: "urgent", Lead: "sthj", Co: []string{"lqjd", "yjj"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "市长批示转办件〔2026〕2号",
		Title:        "缓解县城高速出口节假日交通拥堵",
		Content:      "春节、国庆期间县城高速出口至城区连接线拥堵时间超过2小时。要求优化出口信号配时和车道渠化，节假日增派警力疏导，9月底前完成连接线交通组织优化并在国庆期间检验效果。",
		PlainContent: "节假日期间县城高速出口至城区连接线拥堵时间超过2小时。要求优化出口信号配时和车道渠化，节假日增派警力疏导，完成连接线交通组织优化并在下一个节假日检验效果。",
		Priority:     "important", Lead: "gaj", Co: []string{"jtj", "cgj"}, Leader: "fxz_he",
	},
	{
		Source: "leader_instruction", SourceRef: "县委主要领导批示〔2026〕1号",
		Title:    "推动高频政务服务事项下沉乡镇便民服务中心",
		Content:  "梳理社保、医保、不动产、户籍等高频事项，推动不少于60项下沉至乡镇便民服务中心办理。6月底前完成事项清单和授权，年底前实现群众办事“就近办、一次办”。",
		Priority: "routine", Lead: "spj", Co: []string{"sjj"}, Leader: "changwu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕15号",
		Title:    "彻查城关二小食堂食品安全投诉并追溯供货商",
		Content:  "家长反映城关二小食堂食材不新鲜。要求立即对食堂和供货商开展检查抽检，24小时内公布初步结果，一周内完成全县学校食堂供货商资质复核，问题供货商一律清退。",
		Priority: "urgent", Lead: "scj", Co: []string{"jyj", "gaj"}, Leader: "fxz_sun",
	},
	{
		Source: "leader_instruction", SourceRef: "孙晓燕副县长批示〔2026〕4号",
		Title:    "协调金融机构解决恒达纺织流动资金贷款续贷",
		Content:  "恒达纺织有限公司4800万元流动资金贷款将于5月到期，企业经营正常但存在抽贷风险。要求召开银企协调会，落实续贷或转贷方案，确保企业资金链不断、用工稳定。",
		Priority: "important", Lead: "gxj", Co: []string{"czj"}, Leader: "fxz_sun",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕17号",
		Title:    "落实南湖镇退捕渔民社会保障和转产就业",
		Content:  "南湖镇仍有31户退捕渔民未稳定就业。要求逐户建立帮扶台账，9月底前符合条件的全部纳入养老保险，通过公益性岗位、技能培训和产业带动实现有劳动能力的渔民家庭至少一人就业。",
		Priority: "important", Lead: "nhz", Co: []string{"rsj", "nyj"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "刘志强副县长批示〔2026〕3号",
		Title:    "整治桃源乡规模养殖场粪污直排问题",
		Content:  "群众举报桃源乡两家生猪养殖场雨天粪污直排入河。要求3日内完成现场核查和水质采样，对直排行为依法处罚，两家养殖场一个月内完成粪污处理设施整改，并对全乡规模养殖场开展排查。",
		Priority: "urgent", Lead: "nyj", Co: []string{"sthj", "tyx"}, Leader: "fxz_liu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕19号",
		Title:    "排查处置青石镇中心小学教学楼墙体开裂隐患",
		Content:  "青石镇中心小学教学楼出现墙体裂缝。要求立即停用相关教室并转移学生上课，48小时内委托有资质机构开展房屋安全鉴定，根据鉴定结论一周内提出加固或拆除重建方案。",
		Priority: "urgent", Lead: "jyj", Co: []string{"zjj", "qsz"}, Leader: "fxz_zhao",
	},
	{
		Source: "leader_instruction", SourceRef: "何永平副县长批示〔2026〕2号",
		Title:    "遏制电信网络诈骗案件高发态势实现发案损失双下降",
		Content:  "一季度全县电信网络诈骗发案同比上升18%。要求加强预警劝阻和重点人群宣传，联合教育、人社部门开展进校园、进企业宣传，二季度发案数和损失金额实现同比双下降。",
		Priority: "important", Lead: "gaj", Co: []string{"jyj", "rsj"}, Leader: "fxz_he",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕21号",
		Title:    "核查城区道路改造项目招投标违规投诉",
		Content:  "有投标企业投诉城区道路改造项目存在设置不合理资格条件问题。要求依法调查核实，15个工作日内作出处理决定并书面答复投诉人，同时对全县近两年政府投资项目招标文件开展抽查。",
		Priority: "important", Lead: "fgj", Co: []string{"jtj"}, Leader: "changwu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕23号",
		Title:    "开展城区流浪犬只集中收容和犬只登记管理",
		Content:  "近期城区连续发生流浪犬伤人事件。要求一个月内完成城区流浪犬集中收容，建成犬只临时收容点，全面推行犬只登记和牵绳出行管理，狂犬病暴露处置门诊药品储备充足。",
		Priority: "important", Lead: "cgj", Co: []string{"gaj", "wjj"}, Leader: "fxz_wang",
	},
	{
		Source: "leader_instruction", SourceRef: "常务副县长批示〔2026〕6号",
		Title:    "压降12345热线工单超期率至3%以下",
		Content:  "一季度12345热线工单超期率达9.6%，部分单位反复退单。要求明确工单首接负责和限时办结规则，建立超期工单周通报制度，二季度起超期率降至3%以下。",
		Priority: "routine", Lead: "spj", Co: []string{"sjj"}, Leader: "changwu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕25号",
		Title:    "整治老城区电动自行车楼道充电消防隐患",
		Content:  "老城区部分居民楼存在电动自行车楼道停放、飞线充电问题。要求10日内完成老城区居民楼排查，发现一处清理一处，一个月内在重点小区增设集中充电点不少于50处。",
		Priority: "urgent", Lead: "cgz", Co: []string{"yjj", "zjj"}, Leader: "changwu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕27号",
		Title:        "改善石门镇敬老院住养条件和护理服务",
		Content:      "县人大代表视察发现石门镇敬老院设施陈旧、护理人员不足。要求入冬前完成适老化改造和冬季取暖设施配置，按照1比10配齐护理人员，入住特困老人满意度明显提升。",
		PlainContent: "县人大代表视察发现石门镇敬老院设施陈旧、护理人员不足。要求完成适老化改造和洗浴、助浴设施配置，按照1比10配齐护理人员，入住特困老人满意度明显提升。",
		Priority:     "routine", Lead: "mzj", Co: []string{"smz"}, Leader: "fxz_zhao",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕29号",
		Title:    "组织东山乡山体滑坡受威胁群众转移安置",
		Content:  "连续强降雨导致东山乡上坪村发生山体滑坡，威胁下方12户群众。要求立即转移受威胁群众并妥善安置生活，24小时内完成滑坡体监测布设，雨情解除前不得组织群众返回。",
		Priority: "urgent", Lead: "dsx", Co: []string{"yjj", "mzj", "zrj"}, Leader: "fxz_liu",
	},
	{
		Source: "leader_instruction", SourceRef: "县长批示〔2026〕31号",
		Title:        "做好迎峰度夏电力保供和有序用电工作",
		Content:      "预计7月下旬全县用电负荷将创历史新高。要求会同供电公司制定有序用电方案，优先保障居民生活和医院、学校用电，高温期间每日报送电力供需情况，不得出现拉闸限电影响民生。",
		PlainTitle:   "做好用电高峰时段电力保供和有序用电工作",
		PlainContent: "园区企业集中复产，预计近期全县用电负荷将创新高。要求会同供电公司制定有序用电方案，优先保障居民生活和医院、学校用电，高峰期间每日报送电力供需情况，不得出现拉闸限电影响民生。",
		Priority:     "urgent", Lead: "fgj", Co: []string{"gxj", "wjj"}, Leader: "changwu",
	},

	// ── 政府工作报告重点任务 ──────────────────────────────────────
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第三部分第1项",
		Title:    "企业开办全流程压缩至1个工作日",
		Content:  "推行企业开办“一网通办”，将营业执照、公章刻制、发票申领、社保登记和银行开户全流程整合。6月底前企业开办时间压缩至1个工作日以内，全年免费刻章不少于1500户。",
		Priority: "important", Lead: "spj", Co: []string{"scj", "sjj"}, Leader: "changwu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第三部分第2项",
		Title:    "上线运行“高效办成一件事”重点事项21项",
		Content:  "按照国家和省重点事项清单，上线出生、入学、退休、企业信息变更等“一件事”21项。9月底前全部上线，线上办理率达到60%，群众办事提交材料平均减少50%。",
		Priority: "routine", Lead: "sjj", Co: []string{"spj"}, Leader: "changwu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第3项",
		Title:    "全年引进亿元以上产业项目20个",
		Content:  "围绕新能源材料、农产品精深加工、纺织服装三条产业链开展精准招商，全年引进亿元以上产业项目20个，其中10亿元以上项目3个。签约项目半年内开工率不低于60%，每季度通报招商进度。",
		Priority: "important", Lead: "swj", Co: []string{"gxj", "fgj"}, Leader: "fxz_sun",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第4项",
		Title:    "全年新增规模以上工业企业15家",
		Content:  "建立“小升规”培育库，对入库企业实行一企一策帮扶。全年新增规模以上工业企业15家，规上工业企业总数达到168家，对首次升规企业按政策给予奖励。",
		Priority: "important", Lead: "gxj", Co: []string{"scj", "czj"}, Leader: "fxz_sun",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第四部分第1项",
		Title:    "在柳林乡等三乡镇新建高标准农田3.2万亩",
		Content:  "在柳林乡、白马镇、南湖镇集中连片建设高标准农田3.2万亩，配套灌排、田间道路和农田防护设施。10月底前完成工程建设，12月底前完成竣工验收并上图入库。",
		Priority: "important", Lead: "nyj", Co: []string{"czj", "zrj", "slj"}, Leader: "fxz_liu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第四部分第2项",
		Title:    "健全防止返贫致贫监测帮扶机制确保不发生规模性返贫",
		Content:  "对脱贫户和监测对象每季度开展一次集中排查，发现风险15日内纳入监测、落实帮扶。全年脱贫人口人均纯收入增长不低于8%，监测对象风险消除率达到60%以上。",
		Priority: "important", Lead: "nyj", Co: []string{"mzj", "rsj", "ybj"}, Leader: "fxz_liu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第四部分第3项",
		Title:    "完成农村卫生户厕改造3000户并建立管护机制",
		Content:  "按照“数量服从质量、进度服从实效”的要求，完成农村卫生户厕改造3000户。每个乡镇建立粪污清运服务队伍，10月底前完成改造，年底前完成问题厕所整改“回头看”。",
		Priority: "routine", Lead: "nyj", Co: []string{"wjj", "sthj"}, Leader: "fxz_liu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第四部分第4项",
		Title:    "农村生活污水治理率提高到45%",
		Content:  "新增完成48个行政村生活污水治理，全县农村生活污水治理率由38%提高到45%。已建设施运行负荷率不低于60%，年底前完成全部已建设施的运维移交。",
		Priority: "routine", Lead: "sthj", Co: []string{"nyj", "zjj"}, Leader: "fxz_wang",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第1项",
		Title:    "全年城镇新增就业3200人、农村劳动力转移就业1.2万人",
		Content:  "全年城镇新增就业3200人，农村劳动力转移就业1.2万人，失业人员再就业800人。每季度举办专场招聘会不少于2场，高校毕业生就业帮扶率达到100%。",
		Priority: "routine", Lead: "rsj", Co: []string{"gxj"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第2项",
		Title:    "新建改扩建公办幼儿园4所增加普惠学位",
		Content:  "新建城东幼儿园、改扩建南湖镇等3所乡镇中心幼儿园，新增公办学位720个。8月底前完工并于秋季开园，全县普惠性幼儿园覆盖率达到92%。",
		Priority: "important", Lead: "jyj", Co: []string{"zjj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第3项",
		Title:    "推进紧密型县域医共体建设实现乡镇全覆盖",
		Content:  "以县人民医院、县中医院为龙头组建两个医共体，实现人员、财务、药品统一管理，覆盖全部乡镇卫生院。年底前县域内就诊率达到90%，基层就诊率达到65%。",
		Priority: "important", Lead: "wjj", Co: []string{"ybj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第6项",
		Title:    "在城关镇、河西街道建成一刻钟便民生活圈6个",
		Content:  "在城关镇、河西街道建设一刻钟便民生活圈6个，补齐早餐店、菜店、家政、维修等基本保障类业态。11月底前完成建设，居民满意度达到85%以上。",
		Priority: "routine", Lead: "swj", Co: []string{"zjj", "cgz", "hxjd"}, Leader: "fxz_sun",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第7项",
		Title:    "推动桃花源景区创建国家4A级旅游景区",
		Content:  "按照国家4A级旅游景区评定标准，完善桃花源景区游客中心、停车场、旅游厕所和智慧导览系统。6月底前完成提质改造，9月底前通过省级评定组验收。",
		Priority: "important", Lead: "wlj", Co: []string{"zrj", "jtj", "tyx"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第8项",
		Title:    "依托县城老街打造夜间文旅消费集聚区",
		Content:  "依托县城老街建设夜间文旅消费集聚区，引进特色餐饮、非遗展示和演艺项目不少于40家。五一前开街运营，全年举办夜间文旅活动不少于30场。",
		Priority: "routine", Lead: "wlj", Co: []string{"swj", "cgj"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第六部分第1项",
		Title:    "打好蓝天保卫战城区PM2.5年均浓度降至32微克以下",
		Content:  "深化工地扬尘、道路扬尘、餐饮油烟和工业废气治理，淘汰国三及以下柴油货车300辆。城区PM2.5年均浓度降至32微克/立方米以下，重污染天数控制在3天以内。",
		Priority: "important", Lead: "sthj", Co: []string{"zjj", "jtj", "gxj"}, Leader: "fxz_wang",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第六部分第4项",
		Title:    "深化安全生产治本攻坚三年行动2026年任务",
		Content:  "聚焦燃气、道路交通、建筑施工、消防等重点行业领域，完成三年行动2026年度任务清单。全年生产安全事故起数和死亡人数实现双下降，坚决遏制较大及以上事故。",
		Priority: "important", Lead: "yjj", Co: []string{"zjj", "jtj", "scj"}, Leader: "fxz_he",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第9项",
		Title:    "全年新改建农村公路120公里、改造危桥8座",
		Content:  "新改建农村公路120公里，完成危桥改造8座，实施农村公路安全生命防护工程80公里。10月底前完成主体工程，优良中等路率达到85%以上。",
		Priority: "routine", Lead: "jtj", Co: []string{"czj"}, Leader: "fxz_wang",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第四部分第6项",
		Title:    "推进城乡供水一体化农村自来水普及率达到98%",
		Content:  "实施规模化供水工程和小型供水工程标准化改造，新增受益人口2.6万人。年底前农村自来水普及率达到98%，规模化供水工程覆盖农村人口比例达到85%。",
		Priority: "important", Lead: "slj", Co: []string{"zjj", "czj"}, Leader: "fxz_liu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第6项",
		Title:    "完成城区背街小巷改造提升20条",
		Content:  "对城关镇、河西街道20条背街小巷实施路面、排水、照明和管线整治。11月底前全部完工，改造方案须经沿街居民议事会讨论，施工期间保障居民通行。",
		Priority: "routine", Lead: "cgj", Co: []string{"zjj", "cgz", "hxjd"}, Leader: "fxz_wang",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第7项",
		Title:    "城乡居民基本养老保险参保率稳定在95%以上",
		Content:  "开展全民参保扩面行动，重点做好灵活就业人员和新业态从业人员参保。年底前城乡居民基本养老保险参保率稳定在95%以上，为困难群体代缴保费应缴尽缴。",
		Priority: "routine", Lead: "rsj", Co: []string{"mzj"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第六部分第3项",
		Title:    "建成县级城市运行管理服务平台并接入省级平台",
		Content:  "整合市政设施、环卫、园林、违建巡查等数据，建设县级城市运行管理服务平台并接入省级平台。9月底前完成平台主体功能上线，年底前通过省级验收。",
		Priority: "routine", Lead: "cgj", Co: []string{"sjj"}, Leader: "fxz_wang",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第8项",
		Title:    "新建社区和村级老年助餐点30个并投入运营",
		Content:  "在城区社区和人口较多的村新建老年助餐点30个，对80岁以上老人和特困老人给予就餐补贴。10月底前全部运营，助餐点食品安全检查全覆盖。",
		Priority: "routine", Lead: "mzj", Co: []string{"czj", "cgz", "hxjd"}, Leader: "fxz_zhao",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第六部分第5项",
		Title:    "新建智慧安防小区40个提升群众安全感",
		Content:  "在城区40个住宅小区建设人脸识别门禁、车辆识别和高空抛物监控，接入县公安视频平台。10月底前完成建设，建成小区可防性案件同比下降30%。",
		Priority: "routine", Lead: "gaj", Co: []string{"zjj", "sjj"}, Leader: "fxz_he",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第二部分第10项",
		Title:    "全年保障重点项目新增建设用地5000亩",
		Content:  "争取新增建设用地计划指标，优先保障省市重点项目和产业项目用地。全年报批新增建设用地5000亩，土地征收成片开发方案年内获批，重点项目用地报批时间平均压缩20%。",
		Priority: "important", Lead: "zrj", Co: []string{"fgj"}, Leader: "changwu",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第六部分第6项",
		Title:    "完成全县在用电梯等特种设备安全隐患排查整治",
		Content:  "对全县在用1460台电梯、锅炉和压力容器开展安全隐患排查，老旧住宅电梯全部纳入应急处置平台。9月底前完成排查，发现隐患年底前整改完毕，电梯困人故障平均救援时间不超过20分钟。",
		Priority: "routine", Lead: "scj", Co: []string{"yjj"}, Leader: "fxz_sun",
	},
	{
		Source: "work_report_task", SourceRef: "2026年政府工作报告第五部分第9项",
		Title:    "河西街道建设社区嵌入式服务设施示范点3个",
		Content:  "在河西街道利用社区闲置用房建设嵌入式服务设施示范点3个，集成托育、养老、卫生服务和社区食堂功能。10月底前完成建设，12月底前投入运营。",
		Priority: "routine", Lead: "hxjd", Co: []string{"mzj", "zjj"}, Leader: "changwu",
	},

	// ── 重大项目 ──────────────────────────────────────────────────
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第01号",
		Title:    "县城第二水厂及配套管网工程开工建设",
		Content:  "项目总投资3.8亿元，设计日供水能力5万吨。3月底前完成用地报批，6月底前开工建设，全年完成投资1.5亿元，2027年底前通水。",
		Priority: "important", Lead: "slj", Co: []string{"zrj", "zjj", "czj"}, Leader: "fxz_liu",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第02号",
		Title:    "城东快速通道一期工程年底前全线贯通",
		Content:  "城东快速通道一期全长8.6公里，总投资6.2亿元。6月底前完成剩余征地拆迁，9月底前完成路基和桥梁工程，12月底前全线贯通。",
		Priority: "important", Lead: "jtj", Co: []string{"zrj", "lqjd"}, Leader: "fxz_wang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第03号",
		Title:    "县人民医院新院区二期工程主体完工",
		Content:  "新院区二期建设住院楼和医技楼，建筑面积6.8万平方米，总投资4.5亿元。8月底前完成主体结构封顶，年底前完成外立面和机电安装，年度完成投资2亿元。",
		Priority: "important", Lead: "wjj", Co: []string{"zjj", "fgj"}, Leader: "fxz_zhao",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第04号",
		Title:    "推动瑞能新能源年产10GWh储能电池项目当年签约当年开工",
		Content:  "项目总投资52亿元，分两期建设。4月底前完成投资协议签订，6月底前完成土地摘牌、环评和能评，9月底前一期开工，年度完成投资8亿元。",
		Priority: "important", Lead: "gxj", Co: []string{"fgj", "zrj", "spj"}, Leader: "xianzhang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第05号",
		Title:    "城东工业园区标准化厂房三期建设",
		Content:  "建设标准化厂房12万平方米，总投资3.6亿元，以“拎包入驻”方式承接中小企业。5月底前开工，年底前完成8万平方米并引进企业不少于10家。",
		Priority: "routine", Lead: "gxj", Co: []string{"zrj", "czj"}, Leader: "fxz_sun",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第06号",
		Title:    "建设县农产品冷链物流园并年内投用",
		Content:  "项目总投资2.4亿元，建设冷库5万立方米和分拣配送中心。6月底前完成主体工程，10月底前冷库投入使用，服务县内农产品经营主体不少于80家。",
		Priority: "important", Lead: "swj", Co: []string{"nyj", "zrj"}, Leader: "fxz_sun",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第07号",
		Title:    "实施南湖生态湿地保护修复一期工程1.8万亩",
		Content:  "实施退塘还湿、岸线生态修复和水质净化工程，修复湿地面积1.8万亩。已争取中央生态保护修复资金6000万元，年底前完成一期工程，入湖断面水质稳定达到Ⅲ类。",
		Priority: "important", Lead: "sthj", Co: []string{"slj", "zrj", "nhz"}, Leader: "fxz_wang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第08号",
		Title:    "城南片区棚户区改造项目完成房屋征收签约",
		Content:  "城南片区涉及征收户612户，总投资9.3亿元。坚持阳光征收，6月底前签约率达到95%，9月底前完成房屋腾空和拆除，安置房年底前开工。",
		Priority: "important", Lead: "zjj", Co: []string{"zrj", "cgz", "czj"}, Leader: "fxz_wang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第09号",
		Title:        "白马河中小河流综合治理工程汛前完成主体",
		Content:      "治理白马河河道14.5公里，新建加固堤防9.2公里，总投资1.1亿元。主汛期前完成险工险段堤防加固，年底前完成全部工程并通过验收。",
		PlainTitle:   "白马河中小河流综合治理工程限期完成主体",
		PlainContent: "治理白马河河道14.5公里，新建加固堤防9.2公里，总投资1.1亿元。先行完成险工险段堤防加固，年底前完成全部工程并通过验收。",
		Priority:     "important", Lead: "slj", Co: []string{"zrj", "bmz"}, Leader: "fxz_liu",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第10号",
		Title:    "县职业教育中心产教融合实训基地建设",
		Content:  "建设新能源、智能制造和电子商务实训基地，建筑面积2.2万平方米，总投资1.3亿元。与不少于5家县内骨干企业共建订单班，2027年春季学期投入使用。",
		Priority: "routine", Lead: "jyj", Co: []string{"rsj", "fgj"}, Leader: "fxz_zhao",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第11号",
		Title:    "桃源乡全域旅游集散中心及游客服务设施建设",
		Content:  "建设旅游集散中心、生态停车场和旅游公路驿站，总投资8600万元。7月底前主体完工，国庆黄金周前投入运营，实现县城至主要景区旅游专线开通。",
		Priority: "routine", Lead: "wlj", Co: []string{"jtj", "tyx"}, Leader: "fxz_zhao",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第12号",
		Title:    "配合推进石门220千伏输变电工程征地和通道清理",
		Content:  "工程为省电网重点项目，县内线路长度23公里、塔基76基。5月底前完成塔基征地和青苗补偿，8月底前完成线路通道清理，保障年底前投运。",
		Priority: "important", Lead: "fgj", Co: []string{"zrj", "smz"}, Leader: "changwu",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第13号",
		Title:    "县城污水处理厂提标扩容至6万吨/日并稳定达标",
		Content:  "将县城污水处理厂处理能力由4万吨/日扩容至6万吨/日，出水标准提升至一级A。6月底前完成设备安装，9月底前通水调试，年底前出水稳定达标。",
		Priority: "important", Lead: "zjj", Co: []string{"sthj", "czj"}, Leader: "fxz_wang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第14号",
		Title:    "县第二高级中学新建工程秋季开学前投入使用",
		Content:  "新建县第二高级中学，规划办学规模60个班3000个学位，总投资5.6亿元。教学楼、宿舍楼和食堂7月底前完成竣工验收，8月底前完成设备配置和教师配备，秋季学期正常招生。",
		Priority: "important", Lead: "jyj", Co: []string{"zjj", "zrj"}, Leader: "fxz_zhao",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第15号",
		Title:    "建设县数字经济产业园并引进企业入驻",
		Content:  "改造城区闲置厂房建设数字经济产业园，面积1.5万平方米。6月底前完成改造，年底前引进数字经济企业不少于25家，园区企业年营业收入达到3亿元。",
		Priority: "routine", Lead: "sjj", Co: []string{"gxj", "swj"}, Leader: "changwu",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第16号",
		Title:    "生活垃圾焚烧发电项目完成环评批复并开工",
		Content:  "项目日处理生活垃圾600吨，总投资4.2亿元。严格落实社会稳定风险评估和公众参与程序，6月底前取得环评批复，9月底前开工建设。",
		Priority: "important", Lead: "cgj", Co: []string{"sthj", "fgj"}, Leader: "fxz_wang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第17号",
		Title:    "创建省级现代农业产业园（优质稻米）",
		Content:  "以柳林乡、白马镇为核心区建设优质稻米现代农业产业园，引进培育加工龙头企业3家。年内完成产业园建设规划和主体项目投资1.2亿元，年底前通过省级认定。",
		Priority: "important", Lead: "nyj", Co: []string{"czj", "llx", "bmz"}, Leader: "fxz_liu",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第18号",
		Title:    "东山抽水蓄能电站项目纳入国家规划并完成预可研",
		Content:  "项目装机容量120万千瓦，总投资约80亿元。全力争取纳入国家抽水蓄能中长期规划重点实施项目，年内完成预可行性研究报告审查，同步开展用地、用林和生态红线避让论证。",
		Priority: "important", Lead: "fgj", Co: []string{"zrj", "sthj", "dsx"}, Leader: "xianzhang",
	},
	{
		Source: "major_project", SourceRef: "2026年县级重大项目清单第19号",
		Title:    "县殡仪馆迁建项目完成选址论证和立项",
		Content:  "现殡仪馆位于城区规划居住用地内，群众多次反映。9月底前完成新址比选、社会稳定风险评估和规划选址论证，年底前完成项目立项和可研批复。",
		Priority: "routine", Lead: "mzj", Co: []string{"zrj", "fgj"}, Leader: "fxz_zhao",
	},

	// ── 重要发展指标 ──────────────────────────────────────────────
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第1项",
		Title:    "全年地区生产总值增长6.5%以上",
		Content:  "全年地区生产总值增长6.5%以上，力争7%，在全市11个县市区中排名保持前四。每季度分析主要指标运行情况，对拖后腿的行业指标提出针对性措施。",
		Priority: "important", Lead: "fgj", Co: []string{"czj", "gxj", "swj"}, Leader: "xianzhang",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第2项",
		Title:    "一般公共预算收入增长5%且税收占比不低于70%",
		Content:  "一般公共预算收入完成11.8亿元、增长5%，税收收入占比不低于70%。加强重点税源监控和非税收入征管，严禁虚增空转收入，每月通报收入完成进度。",
		Priority: "important", Lead: "czj", Co: nil, Leader: "changwu",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第3项",
		Title:    "全年固定资产投资增长8%、工业投资增长12%",
		Content:  "固定资产投资增长8%，其中工业投资增长12%。对48个重点项目实行月调度，按时完成项目入库纳统，确保投资统计数据真实准确。",
		Priority: "important", Lead: "fgj", Co: []string{"zrj", "zjj"}, Leader: "changwu",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第4项",
		Title:    "全年社会消费品零售总额增长6%以上",
		Content:  "社会消费品零售总额增长6%，新增限额以上商贸企业30家。用好消费品以旧换新政策，组织汽车、家电等促消费活动不少于12场。",
		Priority: "routine", Lead: "swj", Co: []string{"scj", "wlj"}, Leader: "fxz_sun",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第5项",
		Title:    "全年规模以上工业增加值增长8%以上",
		Content:  "规模以上工业增加值增长8%，规上工业企业产值突破380亿元。对产值前30名企业实行县级领导联系帮扶，每月分析增速低于5%的重点企业原因。",
		Priority: "important", Lead: "gxj", Co: nil, Leader: "fxz_sun",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第6项",
		Title:    "实际到位省外境内资金增长10%",
		Content:  "实际到位省外境内资金增长10%，达到86亿元。建立签约项目资金到位跟踪台账，每季度与市商务局核对入统数据。",
		Priority: "routine", Lead: "swj", Co: []string{"gxj"}, Leader: "fxz_sun",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第7项",
		Title:    "农村居民人均可支配收入增长7%",
		Content:  "农村居民人均可支配收入增长7%，增速高于城镇居民。通过发展特色产业、稳定务工就业和盘活农村资源资产增加农民收入，每季度开展收入监测分析。",
		Priority: "routine", Lead: "nyj", Co: []string{"rsj"}, Leader: "fxz_liu",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第8项",
		Title:    "粮食播种面积稳定在52万亩、总产量4.6亿斤以上",
		Content:  "粮食播种面积稳定在52万亩以上、总产量4.6亿斤以上，早稻种植面积不低于12万亩。将任务分解到乡镇和村，落实耕地地力保护补贴和种粮大户奖励。",
		Priority: "important", Lead: "nyj", Co: []string{"zrj"}, Leader: "fxz_liu",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第9项",
		Title:    "城镇调查失业率控制在5.5%以内",
		Content:  "城镇调查失业率控制在5.5%以内，零就业家庭动态清零。加强重点企业用工监测，对减员较多的企业提前介入稳岗。",
		Priority: "routine", Lead: "rsj", Co: nil, Leader: "fxz_zhao",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第10项",
		Title:    "空气质量优良天数比率达到88%以上",
		Content:  "全年空气质量优良天数比率达到88%以上，较上年提高1.5个百分点。出现轻度污染天气时2小时内启动应急管控，每月分析优良天数目标完成进度。",
		Priority: "important", Lead: "sthj", Co: []string{"zjj", "cgj"}, Leader: "fxz_wang",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第11项",
		Title:    "全年外贸进出口总额突破12亿元、增长10%",
		Content:  "外贸进出口总额突破12亿元、增长10%，新增有实绩外贸企业15家。支持纺织服装企业参加境外展会，推动跨境电商业务落地。",
		Priority: "routine", Lead: "swj", Co: []string{"gxj"}, Leader: "fxz_sun",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第12项",
		Title:    "单位地区生产总值能耗下降2.5%",
		Content:  "单位地区生产总值能耗下降2.5%，严格新上项目节能审查。对年综合能耗5000吨标准煤以上的重点用能企业实行季度监测。",
		Priority: "routine", Lead: "fgj", Co: []string{"gxj"}, Leader: "changwu",
	},
	{
		Source: "key_indicator", SourceRef: "2026年县域经济社会发展主要预期目标第13项",
		Title:    "每千人口拥有3岁以下婴幼儿托位数达到4.5个",
		Content:  "新增普惠托位600个，每千人口拥有3岁以下婴幼儿托位数达到4.5个。支持幼儿园开设托班，县妇幼保健院建成示范性托育服务中心。",
		Priority: "routine", Lead: "wjj", Co: []string{"jyj"}, Leader: "fxz_zhao",
	},

	// ── 人大代表建议 ──────────────────────────────────────────────
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第003号建议",
		Title:    "关于开通城关镇至东山乡城乡公交线路的建议",
		Content:  "代表反映东山乡群众到县城只能乘坐私人面包车，安全隐患大。建议开通城关镇至东山乡城乡公交。要求办理单位6月底前完成线路踏勘和运营测算，9月底前开通试运行。",
		Priority: "routine", Lead: "jtj", Co: []string{"cgz", "dsx"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第011号建议",
		Title:    "关于解决柳林乡高山片区季节性缺水问题的建议",
		Content:  "柳林乡高山片区5个村每年冬春季节饮水困难，涉及1800余人。建议延伸规模化供水管网或新建蓄水池。要求年内完成应急供水设施建设，明年纳入城乡供水一体化工程。",
		Priority: "important", Lead: "slj", Co: []string{"llx"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第016号建议",
		Title:    "关于改善县城区学校周边上下学交通秩序的建议",
		Content:  "代表反映城区学校上下学高峰接送车辆乱停乱放、交通拥堵。建议设置临时停车区、增加护学岗。要求秋季开学前完成重点学校周边交通组织优化。",
		Priority: "routine", Lead: "gaj", Co: []string{"jyj", "cgj"}, Leader: "fxz_he",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第022号建议",
		Title:    "关于拓宽南湖镇至青石镇农村公路窄路面的建议",
		Content:  "南湖镇至青石镇县道路面宽仅4.5米，会车困难、事故多发。建议拓宽至6.5米。要求年内完成工程可行性研究并争取列入上级补助计划，先行增设错车道12处。",
		Priority: "routine", Lead: "jtj", Co: []string{"nhz", "qsz"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第027号建议",
		Title:    "关于提高农村最低生活保障标准的建议",
		Content:  "代表建议结合物价上涨和财力状况适当提高农村低保标准。要求开展测算，提出调标方案报县政府研究，并对低保对象认定开展规范化检查，做到应保尽保。",
		Priority: "routine", Lead: "mzj", Co: []string{"czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第031号建议",
		Title:    "关于利用边角地建设县城区口袋公园的建议",
		Content:  "代表反映老城区居民缺少就近休闲场所。建议利用边角地、拆违空地建设口袋公园。要求年内新建口袋公园8个，选址征求周边居民意见。",
		Priority: "routine", Lead: "cgj", Co: []string{"zrj"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第035号建议",
		Title:    "关于打造“示例香米”区域公用品牌的建议",
		Content:  "代表建议整合县内稻米品牌，打造区域公用品牌。要求年内完成品牌注册和标准制定，授权使用企业不少于10家，组织参加省级以上农产品展会不少于3次。",
		Priority: "routine", Lead: "nyj", Co: []string{"scj", "swj"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第042号建议",
		Title:    "关于加强乡镇卫生院医疗人才队伍建设的建议",
		Content:  "代表反映乡镇卫生院医生流失严重、招不来留不住。建议落实“县管乡用”和职称倾斜政策。要求年内为乡镇卫生院招聘定向医学生不少于20名，完善基层医务人员绩效分配办法。",
		Priority: "important", Lead: "wjj", Co: []string{"rsj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第046号建议",
		Title:    "关于规范城区农贸市场周边占道经营的建议",
		Content:  "代表反映城区农贸市场周边早晚占道经营严重，影响通行和卫生。建议疏堵结合、设置临时疏导点。要求三季度前设置疏导点3处，占道经营投诉同比下降50%。",
		Priority: "routine", Lead: "cgj", Co: []string{"scj"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第052号建议",
		Title:    "关于设立中小微企业应急转贷资金池的建议",
		Content:  "代表反映中小微企业贷款到期续贷难、过桥资金成本高。建议设立县级应急转贷资金。要求研究设立规模不少于5000万元的应急转贷资金池，年内出台管理办法并投入运行。",
		Priority: "routine", Lead: "czj", Co: []string{"gxj"}, Leader: "changwu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第058号建议",
		Title:    "关于解决农村留守儿童课后看护问题的建议",
		Content:  "代表反映农村留守儿童放学后无人看护。建议依托学校和村级儿童之家开展课后服务。要求秋季学期起农村学校课后服务全覆盖，年内建成规范化儿童之家30个。",
		Priority: "routine", Lead: "jyj", Co: []string{"mzj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第063号建议",
		Title:    "关于加快推进白马镇集镇污水管网建设的建议",
		Content:  "代表反映白马镇集镇生活污水直排白马河。建议加快集镇污水管网建设。要求8月底前完成集镇主干管网建设并接入污水处理站，年底前实现集镇污水收集率80%以上。",
		Priority: "important", Lead: "bmz", Co: []string{"sthj", "zjj"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第067号建议",
		Title:    "关于推行养老金领取资格“静默认证”的建议",
		Content:  "代表反映高龄和行动不便老人每年办理资格认证不便。建议通过数据比对实现无感认证。要求年内“静默认证”比例达到80%以上，对无法比对的提供上门认证。",
		Priority: "routine", Lead: "rsj", Co: []string{"sjj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第071号建议",
		Title:    "关于在老旧小区增设电动自行车集中充电设施的建议",
		Content:  "代表建议在老旧小区增设集中充电桩，从源头解决飞线充电问题。要求年内在城区老旧小区新增充电端口2000个，并纳入老旧小区改造内容统筹实施。",
		Priority: "routine", Lead: "zjj", Co: []string{"yjj", "hxjd"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第075号建议",
		Title:    "关于加快石门镇废弃矿山生态修复的建议",
		Content:  "石门镇有历史遗留废弃矿山7处，水土流失和地质灾害隐患突出。代表建议加快生态修复。要求年内完成3处修复治理，其余4处完成方案编制并争取上级资金。",
		Priority: "important", Lead: "zrj", Co: []string{"sthj", "smz"}, Leader: "changwu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第079号建议",
		Title:    "关于公办幼儿园开展延时托管服务的建议",
		Content:  "代表反映双职工家庭接孩子难。建议公办幼儿园开展延时服务。要求秋季学期起城区公办幼儿园全部提供延时服务至18时，收费标准报价格主管部门审核。",
		Priority: "routine", Lead: "jyj", Co: nil, Leader: "fxz_zhao",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第084号建议",
		Title:    "关于扶持薄弱村发展壮大村级集体经济的建议",
		Content:  "全县仍有26个村集体经营性收入低于10万元。代表建议加大扶持力度。要求年内落实扶持资金和项目，年底前村集体经营性收入10万元以下的村减少一半。",
		Priority: "routine", Lead: "nyj", Co: []string{"czj"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第088号建议",
		Title:        "关于加固河西街道沿河段防洪堤的建议",
		Content:      "代表反映河西街道沿河段防洪堤年久失修，去年汛期出现管涌。建议尽快加固。要求汛前完成管涌段应急处置，年内完成1.6公里堤防加固工程。",
		PlainContent: "代表反映河西街道沿河段防洪堤年久失修，今年强降雨期间出现管涌。建议尽快加固。要求限期完成管涌段应急处置，年内完成1.6公里堤防加固工程。",
		Priority:     "important", Lead: "slj", Co: []string{"hxjd"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_suggestion", SourceRef: "县十九届人大五次会议第093号建议",
		Title:    "关于规范县城出租车和网约车运营秩序的建议",
		Content:  "代表反映县城出租车拒载、绕路和无证网约车揽客问题。建议加强行业监管。要求开展为期三个月的专项整治，年内完成全部出租车计价器检定和网约车平台资质核查。",
		Priority: "routine", Lead: "jtj", Co: []string{"gaj"}, Leader: "fxz_wang",
	},

	// ── 政协提案 ──────────────────────────────────────────────────
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第005号提案",
		Title:    "关于推动县域预制菜产业发展的提案",
		Content:  "委员建议依托县内稻虾、禽肉等农产品资源发展预制菜产业。要求研究出台扶持措施，年内引进或培育预制菜加工企业3家，建设中央厨房示范项目1个。",
		Priority: "routine", Lead: "gxj", Co: []string{"nyj", "swj"}, Leader: "fxz_sun",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第009号提案",
		Title:    "关于加强花鼓戏等非物质文化遗产保护传承的提案",
		Content:  "委员反映县花鼓戏传承人老龄化、演出阵地少。建议加强传承人扶持和进校园。要求年内认定县级传承人10名，开展非遗进校园活动不少于20场。",
		Priority: "routine", Lead: "wlj", Co: []string{"jyj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第014号提案",
		Title:    "关于推行涉企审批“容缺受理”的提案",
		Content:  "委员建议对非关键性材料缺失的涉企审批实行容缺受理。要求6月底前公布容缺受理事项清单，承诺补正时限，年内容缺办理事项不少于80项。",
		Priority: "routine", Lead: "spj", Co: []string{"fgj", "scj"}, Leader: "changwu",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第018号提案",
		Title:    "关于加强青少年心理健康教育的提案",
		Content:  "委员反映中小学生心理问题呈上升趋势。建议配齐心理健康教师、建立筛查干预机制。要求年内所有中学配备专职心理教师，每学期开展一次心理健康测评，建立县级心理危机干预转介通道。",
		Priority: "important", Lead: "jyj", Co: []string{"wjj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第021号提案",
		Title:    "关于因地制宜发展油茶林下经济的提案",
		Content:  "委员建议利用东山乡等丘陵山区发展油茶及林下种养。要求年内新造和改造油茶林1.5万亩，落实造林补贴，培育油茶加工企业2家。",
		Priority: "routine", Lead: "zrj", Co: []string{"nyj", "dsx"}, Leader: "changwu",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第026号提案",
		Title:    "关于加快养老服务人才队伍培养的提案",
		Content:  "委员反映养老护理员数量少、流动性大。建议开展免费培训和岗位补贴。要求年内培训养老护理员300人次，出台护理员入职补贴办法。",
		Priority: "routine", Lead: "mzj", Co: []string{"rsj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第030号提案",
		Title:    "关于推进古村落保护与乡村旅游融合发展的提案",
		Content:  "委员建议对桃源乡等地传统村落实施保护性开发。要求年内完成3个传统村落保护规划，修缮传统民居20栋，开发乡村旅游精品线路2条。",
		Priority: "routine", Lead: "wlj", Co: []string{"zjj", "tyx"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第033号提案",
		Title:    "关于提升县城区绿化品质和行道树管护的提案",
		Content:  "委员反映部分道路行道树缺株断档、绿地管护粗放。建议实施绿化提质。要求年内补植行道树2000株，完成主要道路绿化提质改造5条。",
		Priority: "routine", Lead: "cgj", Co: []string{"zrj"}, Leader: "fxz_wang",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第037号提案",
		Title:    "关于完善返乡入乡创业扶持政策的提案",
		Content:  "委员建议整合创业担保贷款、场地和培训政策支持返乡创业。要求年内发放创业担保贷款1.5亿元，建设返乡创业园1个，扶持创业主体500户。",
		Priority: "routine", Lead: "rsj", Co: []string{"nyj", "czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第041号提案",
		Title:    "关于加强基层医疗机构慢性病规范管理的提案",
		Content:  "委员反映基层高血压、糖尿病患者规范管理率偏低。建议推行家庭医生签约和医防融合。要求年内高血压、糖尿病患者规范管理率分别达到65%和62%。",
		Priority: "routine", Lead: "wjj", Co: []string{"ybj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第044号提案",
		Title:    "关于规范涉企行政检查减少多头重复检查的提案",
		Content:  "委员反映企业一年内接受各类检查频繁，影响正常经营。建议推行“综合查一次”。要求年内涉企检查计划统一报备公示，对同一企业的多项检查合并实施，检查频次同比下降30%。",
		Priority: "routine", Lead: "scj", Co: []string{"spj"}, Leader: "fxz_sun",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第048号提案",
		Title:    "关于完善县乡村三级电商物流配送体系的提案",
		Content:  "委员反映快递进村“最后一公里”费用高、时效慢。建议整合快递资源实行共同配送。要求年内建成县级共配中心1个、村级服务站点150个，实现快递进村全覆盖。",
		Priority: "routine", Lead: "swj", Co: []string{"nyj", "jtj"}, Leader: "fxz_sun",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第052号提案",
		Title:    "关于加强耕地保护遏制耕地“非农化”的提案",
		Content:  "委员建议运用卫星遥感加强耕地动态监测。要求建立县乡村三级田长制，年内新增违法占用耕地问题及时发现处置率达到100%，完成耕地进出平衡年度任务。",
		Priority: "important", Lead: "zrj", Co: []string{"nyj"}, Leader: "changwu",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第055号提案",
		Title:    "关于推进DRG医保支付方式改革的提案",
		Content:  "委员建议加快按病组付费改革，控制医疗费用不合理增长。要求年内县域内住院病例DRG付费覆盖率达到90%，定期公开医疗机构运行分析。",
		Priority: "routine", Lead: "ybj", Co: []string{"wjj"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第059号提案",
		Title:    "关于在城区建设24小时城市书房的提案",
		Content:  "委员建议利用公园、社区用房建设24小时自助城市书房。要求年内在城关镇、河西街道建成城市书房4个，与县图书馆实现通借通还。",
		Priority: "routine", Lead: "wlj", Co: []string{"cgz", "hxjd"}, Leader: "fxz_zhao",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第063号提案",
		Title:    "关于加强政务数据共享减少基层重复填报的提案",
		Content:  "委员反映乡镇、村每年要向不同部门重复填报大量表格。建议依托数据共享平台实现“一表通”。要求年内梳理基层报表清单，取消或合并重复报表不少于40%，已共享的数据不再要求基层重复填报。",
		Priority: "routine", Lead: "sjj", Co: []string{"spj"}, Leader: "changwu",
	},
	{
		Source: "cppcc_proposal", SourceRef: "县政协十一届五次会议第067号提案",
		Title:    "关于推进南湖镇稻渔综合种养产业发展的提案",
		Content:  "委员建议在南湖镇推广稻虾、稻鱼综合种养，帮助退捕渔民增收。要求年内新增稻渔综合种养面积5000亩，培育示范合作社5家。",
		Priority: "routine", Lead: "nhz", Co: []string{"nyj"}, Leader: "fxz_wang",
	},

	// ── 人大常委会审议意见 ────────────────────────────────────────
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于2025年度县本级预算执行和其他财政收支审计工作报告的审议意见",
		Title:    "落实2025年度预算执行审计查出问题整改",
		Content:  "审计查出专项资金闲置、项目超概算等问题23个。要求逐项建立整改台账，明确责任单位和整改时限，10月底前向县人大常委会报告整改情况，整改结果向社会公开。",
		Priority: "important", Lead: "czj", Co: []string{"fgj"}, Leader: "changwu",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于全县义务教育优质均衡发展情况报告的审议意见",
		Title:    "补齐乡村学校教师配备和办学条件短板",
		Content:  "审议指出乡村学校音体美教师短缺、部分学校功能室不达标。要求年内补充乡村学校音体美教师40名，完成12所乡村学校功能室建设，推动城乡教师交流轮岗比例达到15%。",
		Priority: "routine", Lead: "jyj", Co: []string{"czj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于全县食品安全工作情况报告的审议意见",
		Title:    "加强农村集体聚餐和校园食品安全监管",
		Content:  "审议指出农村集体聚餐备案率低、乡村校园食堂监管力量不足。要求年内农村集体聚餐备案指导率达到95%以上，学校食堂“明厨亮灶”覆盖率达到100%。",
		Priority: "routine", Lead: "scj", Co: []string{"jyj", "nyj"}, Leader: "fxz_sun",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于2025年度环境状况和环境保护目标完成情况的审议意见",
		Title:    "完成全县入河排污口排查溯源和分类整治",
		Content:  "审议指出部分入河排污口底数不清、责任主体不明。要求6月底前完成全县入河排污口排查溯源，年底前完成70%以上的分类整治，建立排污口名录动态管理。",
		Priority: "important", Lead: "sthj", Co: []string{"slj", "nyj"}, Leader: "fxz_wang",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于2025年度国有资产管理情况综合报告的审议意见",
		Title:    "规范县属国有企业资产管理和经营性债务风险防控",
		Content:  "审议指出县属国企资产质量不高、部分资产权属不清。要求年内完成县属国企资产清查和权属登记，制定国企债务风险防控方案，不得新增违规担保。",
		Priority: "routine", Lead: "czj", Co: []string{"zrj"}, Leader: "changwu",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于《优化营商环境条例》贯彻实施情况执法检查报告的审议意见",
		Title:    "整改营商环境执法检查发现的惠企政策兑现不及时问题",
		Content:  "执法检查发现部分惠企政策兑现周期超过6个月。要求梳理已出台惠企政策，建立“免申即享”清单，年内政策兑现平均时间压缩至30个工作日以内。",
		Priority: "important", Lead: "fgj", Co: []string{"spj", "czj"}, Leader: "changwu",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于《乡村振兴促进法》贯彻实施情况的审议意见",
		Title:    "加强衔接资金项目资产后续管理和运营",
		Content:  "审议指出部分衔接资金形成的扶贫项目资产闲置或收益偏低。要求年内完成项目资产确权登记，闲置资产盘活率达到80%，收益分配方案经村民代表会议通过。",
		Priority: "routine", Lead: "nyj", Co: []string{"czj", "zrj"}, Leader: "fxz_liu",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于全县安全生产工作情况报告的审议意见",
		Title:    "强化道路交通和建筑施工领域安全监管",
		Content:  "审议指出道路交通和建筑施工事故占全县事故总数的七成以上。要求开展重点车辆和在建工地安全隐患专项整治，年内完成农村道路临水临崖路段防护设施建设30公里。",
		Priority: "important", Lead: "yjj", Co: []string{"jtj", "zjj"}, Leader: "fxz_he",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于全县养老服务体系建设情况的审议意见",
		Title:    "提升农村敬老院运营管理和医养结合水平",
		Content:  "审议指出农村敬老院入住率偏低、医疗服务能力弱。要求年内推动敬老院与乡镇卫生院签约全覆盖，整合撤并入住率低于30%的敬老院，失能特困人员集中供养率达到60%。",
		Priority: "routine", Lead: "mzj", Co: []string{"wjj"}, Leader: "fxz_zhao",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于政府债务管理情况报告的审议意见",
		Title:    "严控新增隐性债务并按计划化解存量债务",
		Content:  "审议要求坚决遏制新增隐性债务，严格执行化债方案。要求年内完成化债计划任务，专项债券资金支出进度不低于90%，每半年向县人大常委会报告债务管理情况。",
		Priority: "important", Lead: "czj", Co: []string{"fgj"}, Leader: "changwu",
	},
	{
		Source: "npc_review_opinion", SourceRef: "县人大常委会关于全县水资源管理和保护工作的审议意见",
		Title:    "加强饮用水水源地保护和农村供水水质监测",
		Content:  "审议指出部分乡镇饮用水水源保护区标志缺失、农村供水水质检测频次不足。要求年内完成全部乡镇级水源地规范化建设，农村集中供水工程水质检测覆盖率达到100%。",
		Priority: "routine", Lead: "slj", Co: []string{"sthj", "wjj"}, Leader: "fxz_liu",
	},

	// ── 其他 ──────────────────────────────────────────────────────
	{
		Source: "other", SourceRef: "省第二生态环境保护督察组交办件第3批第12件",
		Title:    "整改省环保督察交办的石门镇砂石加工点扬尘问题",
		Content:  "群众举报石门镇3处砂石加工点扬尘、噪声扰民。要求5日内完成现场核查并依法查处，7日内在督察组规定时限内报送办理结果，无合法手续的加工点一律关停取缔。",
		Priority: "urgent", Lead: "smz", Co: []string{"sthj", "zrj"}, Leader: "fxz_sun",
	},
	{
		Source: "other", SourceRef: "市委第三巡察组反馈问题整改清单第7项",
		Title:    "整改惠民惠农财政补贴资金“一卡通”发放问题",
		Content:  "巡察发现部分补贴资金发放不及时、代领冒领等问题。要求9月底前完成2023年以来补贴资金发放情况全面清查，违规资金全部追回，实现补贴资金统一平台发放。",
		Priority: "important", Lead: "czj", Co: []string{"nyj", "mzj"}, Leader: "changwu",
	},
	{
		Source: "other", SourceRef: "市政府督查室督办通知〔2026〕5号",
		Title:    "按期完成2025年度耕地卫片执法违法图斑整改",
		Content:  "2025年度卫片执法发现违法用地图斑86宗。要求逐宗核实、分类处置，8月底前完成整改并上传佐证，违法占用耕地比例控制在5%以内。",
		Priority: "important", Lead: "zrj", Co: []string{"nyj"}, Leader: "changwu",
	},
	{
		Source: "other", SourceRef: "12345热线重点诉求交办单〔2026〕46号",
		Title:    "调处龙泉街道翠湖苑小区物业服务纠纷",
		Content:  "翠湖苑小区业主与物业公司因收费和服务质量纠纷持续投诉。要求街道牵头组织业主、物业和住建部门协商，一个月内达成处理意见，指导小区依法成立业主委员会。",
		Priority: "routine", Lead: "lqjd", Co: []string{"zjj"}, Leader: "fxz_wang",
	},
	{
		Source: "other", SourceRef: "省政府督查室暗访发现问题清单第9项",
		Title:    "整改省政府暗访发现的政务大厅窗口推诿问题",
		Content:  "暗访发现县政务服务大厅个别窗口以材料不全为由不一次性告知、推诿群众。要求3日内约谈相关窗口负责人，一周内完成全大厅一次性告知和首问负责制落实情况自查，整改情况报市政府督查室。",
		Priority: "urgent", Lead: "spj", Co: []string{"sjj"}, Leader: "changwu",
	},
	{
		Source: "other", SourceRef: "省审计厅高标准农田建设专项审计移送问题第4项",
		Title:    "整改高标准农田项目审计发现的工程质量问题",
		Content:  "审计发现2024年度两个高标准农田项目存在沟渠破损、工程量不实等问题。要求施工单位限期修复，核减不实工程款，9月底前完成整改并对相关责任人追责问责。",
		Priority: "important", Lead: "nyj", Co: []string{"czj"}, Leader: "fxz_liu",
	},
	{
		Source: "other", SourceRef: "市应急管理局执法检查通报〔2026〕2号",
		Title:        "春节前完成烟花爆竹经营网点安全检查",
		Content:      "对全县烟花爆竹批发仓库和零售网点开展安全检查，严查超量储存、非法销售和违规运输。1月25日前完成全部网点检查，发现的问题立即整改，无证经营一律取缔。",
		PlainTitle:   "完成烟花爆竹经营网点安全检查",
		PlainContent: "对全县烟花爆竹批发仓库和零售网点开展安全检查，严查超量储存、非法销售和违规运输。限期完成全部网点检查，发现的问题立即整改，无证经营一律取缔。",
		Priority:     "urgent", Lead: "yjj", Co: []string{"gaj", "scj"}, Leader: "fxz_he",
	},
	{
		Source: "other", SourceRef: "县委巡察办移交问题清单〔2026〕3号",
		Title:    "规范白马镇村级集体“三资”管理",
		Content:  "巡察发现白马镇部分村集体资产出租未公开招租、合同长期未续签。要求6月底前完成全镇村集体合同清理，规范合同一律纳入农村产权交易平台，违规合同依法纠正。",
		Priority: "routine", Lead: "bmz", Co: []string{"nyj", "czj"}, Leader: "fxz_liu",
	},
	{
		Source: "other", SourceRef: "市督查室交办件〔2026〕8号",
		Title:    "防止城区护城河黑臭水体治理后返黑返臭",
		Content:  "市级巡查发现护城河部分河段出现返黑现象。要求一个月内完成沿线排口溯源和截污，建立水质每月监测和河道日常保洁机制，年底前水质稳定达到不黑不臭标准。",
		Priority: "important", Lead: "zjj", Co: []string{"sthj", "cgj"}, Leader: "fxz_wang",
	},
	{
		Source: "other", SourceRef: "全国文明城市创建年度测评反馈问题清单",
		Title:    "整改文明城市测评反馈的城区“六乱”问题",
		Content:  "测评反馈城区存在乱停乱放、乱搭乱建、乱贴乱画等问题68处。要求逐点整改并建立长效管理责任区，9月底前全部销号，迎接下一轮测评。",
		Priority: "routine", Lead: "cgj", Co: []string{"scj", "zjj"}, Leader: "fxz_wang",
	},
	{
		Source: "other", SourceRef: "省森林防灭火指挥部督查反馈问题第2项",
		Title:        "清明前完成东山林区森林防火隐患排查整改",
		Content:      "督查发现东山林区部分防火通道被阻断、护林员履职不到位。要求清明节前完成林区防火通道清理和隐患排查整改，重点时段入山路口设卡，严禁野外用火。",
		PlainTitle:   "完成东山林区森林防火隐患排查整改",
		PlainContent: "督查发现东山林区部分防火通道被阻断、护林员履职不到位。要求限期完成林区防火通道清理和隐患排查整改，重点时段入山路口设卡，严禁野外用火。",
		Priority:     "urgent", Lead: "zrj", Co: []string{"yjj", "dsx"}, Leader: "changwu",
	},
	{
		Source: "other", SourceRef: "市防汛抗旱指挥部调度令〔2026〕7号",
		Title:        "南湖水位超警戒期间落实巡堤查险和人员转移",
		Content:      "受上游来水影响，南湖水位已超警戒水位0.6米并持续上涨。要求立即启动防汛Ⅳ级应急响应，沿湖堤防24小时巡堤查险，低洼区域群众提前转移，每4小时报送一次水情和险情。",
		PlainContent: "受连续降雨和上游来水影响，南湖水位已超警戒水位0.6米并持续上涨。要求立即启动Ⅳ级应急响应，沿湖堤防24小时巡堤查险，低洼区域群众提前转移，每4小时报送一次水情和险情。",
		Priority:     "urgent", Lead: "slj", Co: []string{"nhz", "yjj"}, Leader: "fxz_liu",
	},
	{
		Source: "other", SourceRef: "市疾病预防控制局疫情通报〔2026〕11号",
		Title:    "做好河西街道登革热输入病例疫点处置和灭蚊工作",
		Content:  "河西街道报告1例境外输入登革热病例。要求24小时内完成流行病学调查和疫点划定，疫点周边200米范围内连续7天开展灭蚊和积水清理，每日报告布雷图指数。",
		Priority: "urgent", Lead: "wjj", Co: []string{"cgj", "hxjd"}, Leader: "fxz_zhao",
	},
}

// Reports are progress reports (进展反馈) general enough to attach to any item.
var Reports = []ReportSpec{
	{
		Text:      "已召开专题部署会，成立由主要负责人任组长的工作专班，制定了工作方案和任务清单，明确了责任人和时间节点。",
		Topic:     "general",
		NextSteps: "按照任务清单逐项推进，每周召开一次调度会，下周报送第一批完成情况。",
	},
	{
		Text:      "已完成项目立项和可研批复，正在开展初步设计和概算编制。",
		Topic:     "project",
		Problems:  "初步设计需征求交通、水利等多个部门意见，审查周期较长。",
		NextSteps: "县发展和改革局牵头组织联合审查，各部门5个工作日内出具书面意见，本月底前完成初步设计批复。",
	},
	{
		Text:      "已完成现场踏勘和问题摸排，建立了问题台账，共梳理问题清单18项，已整改完成11项。",
		Topic:     "check",
		NextSteps: "剩余7项问题按照“一问题一方案”推进，月底前再销号5项，其余2项下月中旬前完成。",
	},
	{
		Text:      "主体工程已完成总工程量的65%，本月完成投资3200万元，累计完成年度计划的58%。",
		Topic:     "project",
		Problems:  "征地拆迁进度滞后，仍有4户未签订补偿协议，影响200米路段施工。",
		NextSteps: "属地乡镇和县自然资源局组成专班逐户上门做工作，本月底前完成剩余签约；签约前先行组织其他作业面施工，保证总体工期。",
	},
	{
		Text:      "已按要求完成全部排查，共排查点位126处，发现隐患23处，已当场整改19处。",
		Topic:     "check",
		Problems:  "4处隐患整改涉及资金投入，产权单位整改意愿不强。",
		NextSteps: "已下达限期整改通知书，逾期未整改的依法立案处罚，并约谈产权单位负责人；同时协调县财政局对公益性设施整改给予适当补助。",
	},
	{
		Text:      "已与办理对象进行当面沟通，听取了意见建议，对方对办理思路表示认可。正在起草答复意见。",
		Topic:     "reply",
		NextSteps: "征求配合单位书面意见后形成正式答复，按时限要求报送并跟踪对方评价。",
	},
	{
		Text:      "资金筹措方案已经县政府常务会议审定，首批资金1500万元已拨付到位。",
		Topic:     "fund",
		Problems:  "上级补助资金尚未下达，后续资金存在缺口约800万元。",
		NextSteps: "县财政局会同主管部门赴省市对接争取，同时将缺口资金纳入年中预算调整，确保工程款不拖欠。",
	},
	{
		Text:      "施工单位已全面进场，完成临时设施搭建和测量放线，正在进行基础开挖。",
		Topic:     "project",
		NextSteps: "加强施工现场安全和扬尘管控，按照节点计划下月底前完成基础工程。",
	},
	{
		Text:      "本周组织联合执法检查2次，出动执法人员46人次，立案查处违法行为3起，责令整改8家。",
		Topic:     "check",
		NextSteps: "保持高压态势，对已整改对象开展“回头看”，防止问题反弹。",
	},
	{
		Text:      "已完成方案编制并征求了相关部门和乡镇意见，共收到意见12条，采纳9条。",
		Topic:     "policy",
		Problems:  "个别部门对职责分工有不同意见，方案尚未定稿。",
		NextSteps: "已提请分管县领导召开协调会明确分工，协调会后3个工作日内修改完善方案并报审。",
	},
	{
		Text:      "项目已完成招标，中标单位已签订合同，计划下周开工。",
		Topic:     "project",
		NextSteps: "督促施工单位编制施工组织设计并落实安全措施，开工后每周报送形象进度。",
	},
	{
		Text:      "当前工作总体按计划推进，序时进度达到要求，本期无新增问题。",
		Topic:     "general",
		NextSteps: "继续按既定节点推进，下一个节点前完成阶段性验收。",
	},
	{
		Text:      "受连续降雨影响，室外作业停工9天，当前进度较计划滞后约10%。",
		Topic:     "project",
		Problems:  "雨季施工窗口有限，按原计划难以按期完成节点任务。",
		NextSteps: "已要求施工单位增加两个作业班组，天气转好后实行两班倒施工，力争下月中旬追回滞后进度；如仍不能追回，将按程序申请调整节点。",
	},
	{
		Text:      "已完成问题核查，初步查明原因为设施老化和日常维护不到位，相关情况已向群众通报。",
		Topic:     "complaint",
		NextSteps: "一周内完成设施维修更换，建立定期巡检制度，并将处理结果向反映人回访。",
	},
	{
		Text:      "本月新增完成任务数量占年度目标的12%，累计完成年度目标的71%，超过序时进度。",
		Topic:     "general",
		NextSteps: "总结前期经验做法，对进度偏慢的乡镇开展点对点指导，确保全面完成年度任务。",
	},
	{
		Text:      "已完成用地预审和规划选址，正在办理农用地转用和土地征收手续。",
		Topic:     "project",
		Problems:  "项目涉及少量永久基本农田，需补划后才能上报审批。",
		NextSteps: "县自然资源局已启动补划方案编制，本月底前完成补划论证并上报市局，同步做好征地前期社会稳定风险评估。",
	},
	{
		Text:      "牵头单位已召开配合单位协调会，明确了各单位任务分工，配合单位均已确定联络人。",
		Topic:     "general",
		NextSteps: "建立联络人工作群，每两周会商一次，配合单位按时报送分项进展。",
	},
	{
		Text:      "已完成设备采购招标，主要设备已到货70%，正在进行安装调试。",
		Topic:     "project",
		Problems:  "部分进口配件供货周期延长，预计晚到3周。",
		NextSteps: "已与供应商协商先行调拨国产同规格配件过渡使用，进口配件到货后再行更换，确保按期试运行。",
	},
	{
		Text:      "已完成阶段性目标任务，指标完成值达到年度目标的52%，略高于时序进度。",
		Topic:     "indicator",
		NextSteps: "密切跟踪重点企业和重点项目运行情况，对下滑苗头提前采取措施。",
	},
	{
		Text:      "前期指标增速低于预期，较目标值低1.2个百分点。",
		Topic:     "indicator",
		Problems:  "两家重点企业受订单减少影响产值下降，拉低整体增速。",
		NextSteps: "县级联系领导已上门走访，帮助企业对接新订单和技改资金；同时加快3个新投产项目达产入统，力争下一季度追平序时目标。",
	},
	{
		Text:      "已完成政策文件起草，经县司法局合法性审查，拟提交县政府常务会议审议。",
		Topic:     "policy",
		NextSteps: "按常务会议意见修改完善后印发，同步制作政策解读，面向企业开展宣讲。",
	},
	{
		Text:      "已对信访人进行了三次走访，复核了历史材料，依法提出了处理意见，信访人初步表示接受。",
		Topic:     "petition",
		Problems:  "信访人对个别补偿项目仍有诉求，超出政策规定范围。",
		NextSteps: "由包案领导再次当面释法明理，对符合条件的困难情况通过社会救助渠道给予帮扶，争取本月底前签订息诉罢访协议。",
	},
	{
		Text:      "应急处置工作已全面展开，现场秩序稳定，未发生人员伤亡，相关群众已妥善安置。",
		Topic:     "emergency",
		NextSteps: "继续保持24小时值守，每4小时报告一次现场情况，险情解除后组织开展评估和恢复工作。",
	},
	{
		Text:      "工程已完成竣工验收，正在办理决算审计和资产移交。",
		Topic:     "project",
		NextSteps: "本月内完成资产移交手续，明确运营管护主体，建立长效管护机制。",
	},
	{
		Text:      "正在开展前期调研，已走访企业15家、乡镇6个，收集问题和建议31条。",
		Topic:     "policy",
		NextSteps: "下周完成调研报告，提出工作措施建议报分管县领导审定。",
	},
	{
		Text:      "已完成监测点位布设和第一轮监测，监测结果已向社会公开。",
		Topic:     "monitor",
		Problems:  "个别点位数据仍有波动，尚不能确认问题已彻底解决。",
		NextSteps: "延长监测周期至一个月，加密监测频次，数据稳定达标后再申请销号。",
	},
	{
		Text:      "已完成任务分解，将年度目标分解到全县10个乡镇（街道）和相关部门，签订了责任书。",
		Topic:     "policy",
		NextSteps: "按月调度各乡镇完成情况，对进度滞后的及时提醒并帮助解决困难。",
	},
	{
		Text:      "按计划推进中，本期完成宣传培训4场，覆盖干部群众600余人次。",
		Topic:     "general",
		NextSteps: "下一阶段转入集中实施，宣传工作与实施同步推进。",
	},
	{
		Text:      "本期工作推进缓慢，主要节点未能按时完成。",
		Topic:     "general",
		Problems:  "配合单位意见反馈不及时，已超过约定时限10个工作日。",
		NextSteps: "已提请县督查室对配合单位发出提醒，并由分管县领导召集专题会议当面协调，会议确定的事项3日内落实。",
	},
	{
		Text:      "已完成线上系统开发和测试，正在组织窗口人员操作培训。",
		Topic:     "digital",
		Problems:  "与省级平台的数据接口尚未完全打通，部分数据需人工导入。",
		NextSteps: "县数据局已向省级平台提交接口申请，预计两周内完成联调；在此之前安排专人每日核对数据，不要求群众和基层重复提交材料。",
	},
	{
		Text:      "项目建议书已报送市发展改革委，已完成专家评审，正在按评审意见修改。",
		Topic:     "project",
		NextSteps: "一周内完成修改并重新报送，积极对接争取尽早批复。",
	},
	{
		Text:      "整改工作已基本完成，共整改问题32个，完成率94%。",
		Topic:     "check",
		Problems:  "剩余2个问题涉及历史遗留产权纠纷，短期内难以彻底解决。",
		NextSteps: "对剩余问题制定阶段性整改措施，先行消除安全隐患；产权问题由县自然资源局牵头依法确权，明确整改时限后报县督查室备案。",
	},
	{
		Text:      "已完成全部任务，经自查验收合格，相关资料已整理归档。",
		Topic:     "general",
		NextSteps: "近期提交办结申请，并对工作成效开展跟踪评估。",
	},
	{
		Text:      "已签约落户项目4个，总投资18.6亿元，其中2个项目已完成注册。",
		Topic:     "invest",
		Problems:  "1个项目因企业融资安排调整，投资进度放缓。",
		NextSteps: "县商务局和县工业和信息化局联合上门服务，协调金融机构提供项目贷款支持，每月跟踪项目资金到位情况。",
	},
	{
		Text:      "组织召开现场推进会，现场解决了施工用水、用电和临时道路等问题5个。",
		Topic:     "project",
		NextSteps: "对现场会确定事项建立交办清单，逐项跟踪落实到位。",
	},
	{
		Text:      "已完成年度任务的一半，进度基本符合计划。",
		Topic:     "general",
		Problems:  "专业技术人员不足，部分工作依赖第三方机构，进度不可控。",
		NextSteps: "已通过政府购买服务增加一家技术服务机构，并从相关乡镇抽调2名技术人员集中办公，确保下阶段进度。",
	},
	{
		Text:      "已完成入户走访和需求摸底，共走访对象286户，建立了一户一档台账。",
		Topic:     "people",
		NextSteps: "根据摸底结果分类制定帮扶措施，本月底前全部落实到户。",
	},
	{
		Text:      "按照反馈周期报告：本期无新情况，各项工作按计划推进。",
		Topic:     "general",
		NextSteps: "继续按节点推进。",
	},
	{
		Text:      "已向上级主管部门汇报并争取支持，上级已同意列入年度计划。",
		Topic:     "general",
		Problems:  "上级批复文件尚未正式印发，配套资金无法提前拨付。",
		NextSteps: "安排专人跟踪文件印发进度，同时完成招标准备等前期工作，文件下达后立即启动资金拨付程序。",
	},
	{
		Text:      "已对照群众反映问题逐项核实，问题属实，已完成整改并向反映人反馈，反映人表示满意。",
		Topic:     "complaint",
		NextSteps: "举一反三开展同类问题排查，建立长效机制防止反弹。",
	},
}

// DeclineReasons are the reasons a unit gives when it asks to be relieved of an item (退办理由).
var DeclineReasons = []string{
	"该事项涉及的房屋安全鉴定属县住房和城乡建设局法定职责，我单位无相应执法权限，建议改由县住建局牵头、我单位配合。",
	"根据县委编办印发的部门“三定”规定，该项职能已于2024年机构改革时划转县数据局，建议调整牵头单位。",
	"该事项主要涉及河西街道辖区，属地管理责任在街道，我局可作为配合单位提供业务指导。",
	"交办事项的实际内容为企业用电增容，由供电公司负责实施，建议由县工业和信息化局牵头协调供电公司办理。",
	"该建议反映的问题属于市级事权（市管道路），已超出县级办理权限，建议转市交通运输局办理，我局协助做好沟通答复。",
	"该事项与已交办的第2026-031号事项内容重复，建议合并办理，由原牵头单位统一答复。",
	"提案所涉及的医保支付政策调整属市级统筹事项，县医保局仅能执行，建议调整为县医保局配合、县卫生健康局牵头答复县域内可落实部分。",
	"该事项涉及多个部门职能交叉，我单位只承担其中的市场主体登记环节，建议由县行政审批服务局牵头统筹。",
}

// ReturnReasons are the reasons the supervision office gives when it returns a completion request (退回理由).
var ReturnReasons = []string{
	"办结材料显示工程尚未完成竣工验收，不符合办结条件，请完成验收后再申请办结。",
	"事项要求“建立长效管护机制”，办结报告未说明管护主体、经费和制度安排，请补充后重新提交。",
	"代表对答复意见评价为“不满意”，请重新与代表沟通，针对其关切再次办理后申请办结。",
	"办结报告中的完成数量与年度目标不一致（目标1500个、报告完成1120个），请说明差额原因或继续推进。",
	"经实地核查，现场仍有3处问题未整改到位，请整改完成后重新申请。",
	"答复函未经单位主要负责人签发，且未附配合单位会办意见，请完善程序后再提交。",
	"事项要求“向社会公开整改结果”，目前未见公开信息，请公开后再申请办结。",
	"办结报告仅描述了工作过程，未说明成效和指标完成情况，请按事项要求补充量化结果。",
}

// ExtensionReasons are the reasons a unit gives when it requests a later deadline (延期理由).
var ExtensionReasons = []string{
	"项目用地涉及永久基本农田补划，需报省自然资源厅审批，审批时间不在我县控制范围内，申请延期两个月。",
	"受连续强降雨影响，室外施工累计停工23天，申请将完工节点顺延一个月。",
	"上级补助资金尚未下达，县级配套资金无法单独满足招标需要，申请待资金到位后顺延45天。",
	"在征求群众意见过程中，多数居民对原方案提出修改意见，需重新论证设计方案，申请延期一个月。",
	"事项涉及的3户拆迁户尚未签约，正在依法开展征收补偿决定程序，申请延期至程序完成后15日。",
	"主要设备为定制产品，厂家排产周期由60天延长至90天，申请将试运行节点顺延一个月。",
	"答复意见需待市级相关政策出台后才能明确，市级文件预计下月印发，申请延期30日答复代表。",
	"第三方检测机构出具报告时间延后，需以检测结论为依据制定处置方案，申请延期15日。",
}

// Instructions are leaders' written instructions on items (领导批示).
var Instructions = []string{
	"请县住建局抓紧推进，确保按期完成，遇到困难及时报告。",
	"此事群众反映强烈，请牵头单位务必高度重视，一周内拿出解决方案报我。",
	"进度滞后，请分管副县长召集相关单位专题研究，倒排工期，压实责任。",
	"同意延期申请，但须明确新的节点计划，不得再次延期。",
	"请督查室跟踪督办，每周报告一次进展。",
	"配合单位要主动担当，不得推诿扯皮，对工作不力的单位予以通报。",
	"该项工作成效明显，请总结经验做法，在全县推广。",
	"安全是底线，请在确保安全的前提下推进，切实做好群众解释工作。",
	"请县财政局统筹研究资金保障问题，提出具体意见报县政府。",
}

// Comments are working notes left on items by supervisors, units and leaders (备注/意见).
var Comments = []string{
	"已电话联系牵头单位联络员，确认本周五前报送进展。",
	"配合单位县自然资源局已出具书面意见，同意项目用地选址。",
	"经实地查看，现场施工正常，进度与报告一致。",
	"请牵头单位在下次反馈中补充资金到位情况。",
	"本事项已纳入下周县政府常务会议议题，请做好汇报准备。",
	"已将代表意见转交承办科室，下周安排面商。",
	"进展报告中所称“基本完成”请具体到数量和比例。",
	"配合单位联系人已变更，新联系人：县水利局工程股。",
	"本期序时进度为60%，实际进度55%，请关注。",
}

// CompletionSummaries are the summaries a unit writes when it requests completion (办结报告).
var CompletionSummaries = []string{
	"各项任务已全部完成，经县级相关部门联合验收合格，已移交运营单位并建立管护制度，年度目标全部实现。",
	"已按要求完成整改，整改结果已在县政府门户网站公开，反映人对处理结果表示满意。",
	"工程已竣工验收并投入使用，完成投资较计划节约3.2%，竣工决算审计已启动。",
	"已与代表当面沟通并正式书面答复，答复类别为A类（已解决），代表评价为“满意”。",
	"年度指标已完成，完成值为目标值的104%，高于全市平均水平，相关数据经统计部门审核确认。",
	"已出台实施办法并印发执行，首批政策资金已兑现到位，惠及企业67家。",
	"专项整治已完成，共排查问题215处，全部整改销号，已建立日常巡查和投诉快速处置机制。",
	"信访事项已依法办结，信访人签订息诉罢访承诺书，近三个月未再发生重复信访。",
	"应急处置已结束，受影响群众已全部返回并恢复正常生产生活，已开展复盘并修订相关预案。",
}

// OpinionQuestions are what a lead unit asks a co-unit (征求配合单位意见), and OpinionAnswers
// what the co-unit answers.
var OpinionQuestions = []string{
	"项目用地涉及的林地占用手续，请提出办理意见和时限。",
	"请就资金缺口的解决渠道提出意见，能否纳入明年预算。",
	"道路开挖需占道施工，请明确交通疏导方案和审批时限。",
	"请提供本单位掌握的相关企业名单和联系人，便于对接。",
	"整治方案中涉及贵单位职责的部分，请提出修改意见。",
}

// OpinionAnswers are the co-units' answers.
var OpinionAnswers = []string{
	"同意方案，已安排专人对接，手续可在 10 个工作日内办结。",
	"经研究，可从本年度预留资金中统筹解决 200 万元，其余纳入明年预算。",
	"已制定交通疏导方案并报交警大队备案，占道审批 3 个工作日内办结。",
	"名单已整理完毕，随附件报送，请查收。",
	"对方案无原则意见，建议补充长效管理机制的内容。",
}
