package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// departments are the county departments every generated region has, after the county
// government office (the supervision office's home).
var departments = []string{
	"县发展和改革局", "县财政局", "县自然资源局", "县住房和城乡建设局", "县交通运输局", "县农业农村局",
	"县水利局", "县商务局", "县文化和旅游局", "县卫生健康局", "县教育局", "县生态环境分局",
	"县应急管理局", "县市场监督管理局", "县人力资源和社会保障局", "县民政局", "县公安局", "县城市管理局",
	"县数据局", "县行政审批服务局", "县工业和信息化局", "县信访局", "县医疗保障局", "县审计局",
	"县统计局", "县司法局", "县退役军人事务局", "县林业局", "县乡村振兴局", "县科学技术局",
	"县机关事务服务中心", "县融媒体中心", "县投资促进中心", "县粮食和物资储备局", "县住房公积金管理中心",
}

// townships are the townships and streets (乡镇/街道).
var townships = []string{
	"城关镇", "河西街道", "龙泉街道", "南湖镇", "青石镇", "桃源乡", "东山乡", "柳林乡", "白马镇", "石门镇",
	"新安镇", "永丰镇", "长岭乡", "双河镇", "金盆乡", "大坪镇", "高桥镇", "马鞍乡", "凤凰镇", "太平镇",
	"安乐乡", "清水镇", "三合乡", "云台镇",
}

const officeName = "县人民政府办公室"

// unitName is the name of the i-th unit (0 is the government office): departments first,
// then townships; a region with more units than the lists numbers the extra townships.
func unitName(i int) (name, kind string) {
	switch {
	case i == 0:
		return officeName, "department"
	case i <= len(departments):
		return departments[i-1], "department"
	}
	j := i - 1 - len(departments)
	name = townships[j%len(townships)]
	if n := j / len(townships); n > 0 {
		name = fmt.Sprintf("第%d片区%s", n+1, name)
	}
	return name, "township"
}

var (
	regionFirst  = []rune("青永安明长平宁丰新兴")
	regionSecond = []rune("山江源川阳和水城林溪")
	surnames     = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
	givenNames   = []string{"建国", "海峰", "卫东", "静", "志强", "晓燕", "永平", "明远", "红梅", "振华",
		"德明", "春林", "丽娟", "文斌", "建军", "腾飞", "秀英", "玉兰", "立伟", "少华"}
)

// regionName is the name of the r-th region (1-based): 100 distinct county names.
func regionName(r int) string {
	i := (r - 1) % 100
	name := string(regionFirst[i/10]) + string(regionSecond[i%10]) + "县"
	if r > 100 {
		name = fmt.Sprintf("%s%d", name, (r-1)/100+1)
	}
	return name
}

// regionCode is a GB/T 2260-shaped six-digit code in the unassigned province 98.
func regionCode(r int) string {
	return fmt.Sprintf("98%02d%02d", (r-1)/10+1, (r-1)%10+1)
}

func personName(rng *rand.Rand) string {
	return string(surnames[rng.IntN(len(surnames))]) + givenNames[rng.IntN(len(givenNames))]
}

var milestoneTitles = []string{"完成实施方案编制并报批", "完成招标采购和合同签订", "主体工程完工",
	"完成阶段性任务并报送节点成果", "完成验收和资料归档", "完成问题整改销号"}

var accountabilityReasons = []string{
	"超过办结时限且经橙色催办仍未办结，影响全县工作整体进度。",
	"进展反馈多次逾期，反映情况与实地核查不符。",
	"对督办事项推诿扯皮，经协调后仍未有效推进。",
}

var extensionInstructions = []string{"同意延期，请按新的时限倒排工期，确保按期办结。",
	"经研究同意延期，延期期间每周报送一次进展。"}

// vary replaces every run of ASCII digits with random digits of the same length, so that
// the demo county's texts make many different but equally plausible ones; years (20xx)
// stay as they are.
func vary(rng *rand.Rand, s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			continue
		}
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j-i == 4 && b[i] == '2' && b[i+1] == '0' || dateUnit(s[j:]) {
			i = j // years, dates and hours stay as they are
			continue
		}
		for k := i; k < j; k++ {
			lo := byte(0)
			if k == i && j-i > 1 {
				lo = 1
			}
			b[k] = '0' + lo + byte(rng.IntN(10-int(lo)))
		}
		i = j
	}
	return string(b)
}

func dateUnit(rest string) bool {
	for _, u := range []string{"年", "月", "日", "时", "点", "号", "届", "次"} {
		if strings.HasPrefix(rest, u) {
			return true
		}
	}
	return false
}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
