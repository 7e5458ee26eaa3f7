/**
 * What the synthetic dataset's cases say (bench/generate.ts): per-category Chinese templates with
 * slots, the places they name, and the rhythms of a hotline year. Pure data; the generator
 * segments every fixed part and every slot value once with the app's jieba, so the cases'
 * `search_tokens` hold what registration would have stored.
 *
 * Slots: {c} a residential compound (小区), {r} a road, {t} a time of day, {s} a shop or firm,
 * {n} a small number. Routes: 'street' (属地: the street the case lies in), 'district', 'dd:<x>'
 * (the district's own bureau x), or a city unit's code (the demo city's departments and firms).
 */
import type { Kind } from '../src/core/enums';

export interface CaseTemplate {
  category: string;
  kind: Kind;
  route: string;
  /** a street as co-handling unit in this share of the cases (departmental routes) */
  coStreet?: number;
  titles: string[];
  contents: string[];
  reply: string;
  /** relative volume per month (index 0 = January); 1 when absent */
  season?: number[];
  urgent?: number;
}

const WINTER = [3, 2.5, 1.2, 0.2, 0.05, 0.05, 0.05, 0.05, 0.05, 0.3, 2.5, 3.2];
const SUMMER = [0.2, 0.2, 0.4, 0.7, 1.2, 2.2, 3, 2.6, 1.2, 0.5, 0.3, 0.2];
const WARM = [0.5, 0.5, 0.8, 1, 1.2, 1.4, 1.5, 1.5, 1.3, 1, 0.7, 0.5];
const TERM = [0.6, 0.8, 1, 1, 1.3, 2, 2.2, 2.4, 1.8, 0.8, 0.6, 0.6];
const YEAR_END = [2.6, 2.2, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.4, 2.8];

/** Ordered roughly by how often a big city's 12345 hears them: the generator gives them Zipf weights by rank. */
export const TEMPLATES: CaseTemplate[] = [
  {
    category: 'hjbh.dq.fume', kind: 'complaint', route: 'street', season: WARM,
    titles: ['{c}楼下烧烤店油烟扰民', '{r}{s}油烟直排影响居民生活'],
    contents: ['我住{c}，楼下{s}{t}营业，油烟直接排到楼道和窗户里，家里不敢开窗，老人孩子呛得咳嗽。找过店主多次没有改善，希望有关部门督促安装油烟净化设施。', '{r}{s}的排烟管道直接对着{c}住宅楼，{t}油烟很大，已经持续{n}个月，请城管和环保部门查处。'],
    reply: '街道会同城管执法队现场检查，该店油烟净化设施未正常使用，已责令其限期整改并安装高空排放管道，复查已整改到位，已电话告知诉求人。',
  },
  {
    category: 'hjbh.zs.construction', kind: 'complaint', route: 'dd:cg', coStreet: 0.3,
    titles: ['{r}工地夜间施工噪音扰民', '{c}旁边工地{t}违规施工'],
    contents: ['{c}旁边的{r}工地{t}还在施工，打桩机和渣土车声音很大，居民无法休息，已经持续{n}天。请查一下有没有夜间施工许可，依法处理。', '我家在{c}，对面工地{t}一直有机械作业噪音，孩子要中考了，根本睡不着，希望尽快制止夜间施工。'],
    reply: '区城管执法局夜间巡查核实该工地未取得夜间施工许可，已立案处罚并责令22时后停止高噪声作业，将持续巡查，已告知诉求人。',
  },
  {
    category: 'cjjs.wy.service', kind: 'complaint', route: 'street', coStreet: 0,
    titles: ['{c}物业不作为，垃圾无人清运', '{c}物业服务差，楼道灯长期不修'],
    contents: ['我住{r}{c}，小区垃圾两三天才清运一次，楼道灯坏了{n}个月没人修，地下车库积水发臭。找物业多次都说人手不够，却照常收物业费，请督促物业履行合同。', '{c}物业对业主报修一拖再拖，{t}门岗也没人值守，外来车辆随便进出，希望有关部门督促物业整改。'],
    reply: '街道会同住建部门约谈物业公司，已下达整改通知，垃圾日产日清、楼道灯和排水泵已修复，复查整改到位，诉求人表示认可。',
  },
  {
    category: 'ldsb.ldgx.wage', kind: 'help', route: 'dept-rs', season: YEAR_END,
    titles: ['{s}拖欠工资{n}个月未发', '农民工在{r}工地被拖欠工资'],
    contents: ['我在{s}上班，公司已经拖欠我们{n}个月工资，老板一直说资金紧张，现在电话也不接了，一起被拖欠的有二十多人，请劳动监察部门帮我们讨回工资。', '我们在{r}一个工地干活，包工头拖欠工资{n}个月，总包单位说已经付过钱了，互相推诿，快过年了请政府帮忙协调。'],
    reply: '市人社局劳动保障监察支队已立案调查，约谈用人单位负责人，责令其限期支付拖欠工资，目前已全部支付到位，诉求人确认收到。',
  },
  {
    category: 'jtys.tc', kind: 'complaint', route: 'dd:cg', coStreet: 0.2,
    titles: ['{r}违规停车堵塞消防通道', '{c}门口车辆乱停影响通行'],
    contents: ['{c}门口的{r}两侧每天{t}都停满车，消防通道也被占了，救护车进不来，希望交管和城管部门加强管理，设置禁停标志。', '{r}人行道上长期停放车辆，行人只能走机动车道，很危险，请有关部门整治。'],
    reply: '已联合交警部门对该路段开展整治，施划禁停标线并设置隔离桩，安排巡查人员早晚高峰值守，违停情况明显好转。',
  },
  {
    category: 'sdqr.gr.cold', kind: 'complaint', route: 'ent-heat', season: WINTER, urgent: 0.05,
    titles: ['{c}暖气不热室温只有{n}度', '{c}供暖不达标，家里太冷'],
    contents: ['我住{c}，从供暖开始暖气就不热，室温只有十几度，家里有老人和婴儿，打热力公司电话说在排查，一直没人上门，请尽快解决。', '{r}{c}整栋楼暖气都是凉的，{t}室内温度很低，已经反映{n}次了，希望热力公司派人检修管道。'],
    reply: '热力公司已派员上门测温并排查，发现该楼单元阀门故障，已更换阀门并放风，复测室温达到20℃以上，住户表示满意。',
  },
  {
    category: 'cjjs.szss.drain', kind: 'help', route: 'dept-zj', coStreet: 0.4, season: SUMMER, urgent: 0.08,
    titles: ['{r}下雨积水严重', '{c}地下车库进水，请求排涝'],
    contents: ['每次下大雨{r}和{c}门口就积水到小腿，车辆熄火、行人无法通过，雨水井好像堵了，希望尽快疏通排水管网。', '今天{t}暴雨，{c}地下车库已经进水，水位还在上涨，很多车还在里面，请求紧急派人排涝。'],
    reply: '市政排水部门已组织抽排并疏通雨水管道，清掏淤积物，对该路段排水管网列入改造计划，汛期将加强值守。',
  },
  {
    category: 'cjjs.szss.light', kind: 'help', route: 'dept-cg',
    titles: ['{r}路灯不亮影响出行', '{c}附近路灯坏了很久没人修'],
    contents: ['{r}靠近{c}的一段路灯已经坏了{n}个星期，{t}一片漆黑，老人出门摔倒过，请尽快维修。', '{c}门口到公交站那段路的路灯一直不亮，晚上走路很不安全，希望有关部门安排维修。'],
    reply: '路灯管理所已派员检修，更换损坏灯具和电缆接头，该路段路灯已恢复正常照明。',
  },
  {
    category: 'qt.zx', kind: 'consultation', route: 'dept-zwfw',
    titles: ['咨询居住证办理流程', '咨询{r}政务服务中心办公时间'],
    contents: ['想问一下在本市办理居住证需要什么材料，在哪里办，多长时间能拿到？', '请问{r}政务服务中心{t}上班吗，办理营业执照需要提前预约吗？'],
    reply: '已向诉求人说明办理地点、所需材料和办理时限，诉求人表示清楚。',
  },
  {
    category: 'ldsb.sb.transfer', kind: 'consultation', route: 'dept-rs',
    titles: ['咨询社保转移接续办理', '咨询养老保险跨省转移'],
    contents: ['我之前在外省缴纳社保{n}年，现在到本市工作，想问社保关系怎么转过来，需要回原参保地吗？', '单位给我交的养老保险中断了{n}个月，请问能不能补缴，怎么办理？'],
    reply: '已告知诉求人可通过国家社会保险公共服务平台线上申请转移，并说明补缴政策和办理渠道。',
  },
  {
    category: 'sdqr.gs.outage', kind: 'help', route: 'ent-water', urgent: 0.1,
    titles: ['{c}突然停水没有通知', '{r}一带停水{n}小时'],
    contents: ['{c}从{t}开始停水，物业说不知道原因，也没看到停水通知，家里老人做饭都成问题，请问什么时候能恢复供水？', '{r}附近几个小区都停水了，打水务热线一直占线，请尽快告知恢复时间。'],
    reply: '水务集团核实为供水管道爆管抢修，已于当日恢复供水，并要求今后计划停水提前张贴通知。',
  },
  {
    category: 'cjjs.cgzf.stall', kind: 'complaint', route: 'dd:cg', coStreet: 0.3,
    titles: ['{r}占道经营严重', '{c}门口流动摊贩占道'],
    contents: ['{r}{t}摆满了流动摊点，占用人行道和非机动车道，垃圾满地，交通拥堵，希望城管加强管理。', '{c}门口每天{t}都有商贩占道卖菜，噪音大还影响居民出行，请有关部门治理。'],
    reply: '区城管执法局已对该路段开展集中整治，引导摊贩进入便民市场经营，并安排专人定时巡查。',
  },
  {
    category: 'scjg.xf.prepaid', kind: 'complaint', route: 'dept-scjg',
    titles: ['{s}关门跑路，预付卡无法退款', '{r}{s}办卡后拒绝退费'],
    contents: ['我在{r}的{s}办了预付卡，充值{n}千元，现在门店突然关门，老板联系不上，很多会员的钱都退不了，请市场监管部门帮忙维权。', '{s}办卡时承诺随时可退，现在要退卡却说要扣一半手续费，请求调解。'],
    reply: '市场监管局已约谈经营者，督促其制定退费方案，已为诉求人办理退费，对涉嫌违法行为立案调查。',
  },
  {
    category: 'jtys.dl.damage', kind: 'help', route: 'dept-jt',
    titles: ['{r}路面破损坑洼严重', '{r}有个大坑容易发生事故'],
    contents: ['{r}靠近{c}路段路面坑洼不平，有个坑已经有一尺深，{t}电动车经过很容易摔倒，请尽快修补。', '{r}路面塌陷了一块，周围没有警示标志，晚上看不清很危险。'],
    reply: '交通运输局已安排养护单位设置警示标志并完成坑槽修补，路面已恢复平整。',
  },
  {
    category: 'cjjs.wy.elevator', kind: 'complaint', route: 'dept-scjg', coStreet: 0.5, urgent: 0.03,
    titles: ['{c}电梯频繁故障停运', '{c}电梯困人，请求救援'],
    contents: ['{c}这栋楼的电梯这个月已经坏了{n}次，物业每次都说在等配件，楼上的老人只能困在家里，请监管部门督促彻底维修。', '{c}电梯停在半层，里面困了人，按紧急呼叫没人应答，物业电话也打不通，请马上派人救援。'],
    reply: '特种设备安全监察人员现场检查，责令维保单位更换老化部件并加密维保频次，电梯已检验合格恢复运行。',
  },
  {
    category: 'jywt.jy.enrol', kind: 'consultation', route: 'dept-jy', season: TERM,
    titles: ['咨询小学入学政策', '孩子入学学区划分咨询'],
    contents: ['我家在{c}，孩子今年上一年级，想问划片在哪所学校，租房能不能入学，需要准备哪些材料？', '{c}属于哪个学区？房产证还没办下来能报名吗？'],
    reply: '已向诉求人说明今年义务教育入学政策、学区划分和报名材料，诉求人表示清楚。',
  },
  {
    category: 'cjjs.wzjz', kind: 'tip_off', route: 'street', coStreet: 0,
    titles: ['{c}顶楼违建', '{c}业主私搭乱建'],
    contents: ['{c}有业主在顶楼搭建彩钢房，还在院子里私自扩建，占用公共区域，存在安全隐患，请有关部门依法拆除。', '{r}{c}一楼住户把阳台往外扩了好几米，挡住了通道，请查处。'],
    reply: '街道执法队现场核实属实，已下达限期拆除通知书，当事人已自行拆除，现场已恢复。',
  },
  {
    category: 'sdqr.gd.outage', kind: 'help', route: 'ent-power', season: SUMMER, urgent: 0.1,
    titles: ['{c}停电{n}小时未恢复', '{r}频繁停电'],
    contents: ['{c}从{t}开始停电，天气这么热家里老人受不了，打供电热线说在抢修，请问什么时候恢复？', '{r}附近这个月已经停了好几次电，冰箱里的东西都坏了，希望供电公司查明原因。'],
    reply: '供电公司核实为线路故障，抢修人员已更换受损设备，当日恢复供电，并对该线路进行隐患排查。',
  },
  {
    category: 'hjbh.zs.life', kind: 'complaint', route: 'street',
    titles: ['{c}广场舞音响声音太大', '{r}{s}音响噪音扰民'],
    contents: ['{c}旁边的广场每天{t}都有人跳广场舞，音响开得很大，家里孩子没法写作业，希望社区协调控制音量和时间。', '{r}{s}门口放大音响招揽顾客，从早到晚，严重影响附近居民休息。'],
    reply: '社区已与广场舞团队负责人沟通，约定音量和活动时间，并发放降噪提示，后续将持续跟进。',
  },
  {
    category: 'scjg.sp.restaurant', kind: 'complaint', route: 'dept-scjg',
    titles: ['{s}食品卫生差', '在{s}就餐后身体不适'],
    contents: ['我{t}在{r}的{s}吃饭，发现菜里有异物，后厨卫生很差，店家态度也不好，请市场监管部门检查。', '昨天在{s}就餐后一家人都拉肚子，怀疑食材不新鲜，请有关部门调查。'],
    reply: '市场监管所已对该店进行现场检查，责令其整改后厨卫生并规范食材进货台账，依法予以处罚。',
  },
  {
    category: 'jtys.gj.route', kind: 'suggestion', route: 'dept-jt',
    titles: ['建议{r}增设公交站点', '建议延长公交末班车时间'],
    contents: ['{c}入住的居民越来越多，附近最近的公交站要走二十分钟，建议在{r}增设公交站点或开通社区巴士。', '{r}方向的公交末班车太早，{t}下班就没车了，建议延长末班时间。'],
    reply: '交通运输局已将该建议纳入线网优化方案，经客流调查后拟调整线路走向并增设站点。',
  },
  {
    category: 'sdqr.rq.leak', kind: 'help', route: 'ent-gas', urgent: 0.35,
    titles: ['{c}楼道有燃气味', '{r}燃气管道疑似泄漏'],
    contents: ['{c}单元楼道里有很浓的燃气味，{t}就闻到了，担心泄漏，请燃气公司马上派人检查。', '{r}路边燃气管道附近有异味，请尽快排查。'],
    reply: '燃气公司抢险人员到场检测，发现立管接口松动，已紧固处理并复测无泄漏。',
  },
  {
    category: 'hjbh.dq.dust', kind: 'complaint', route: 'dept-sthj', coStreet: 0.3,
    titles: ['{r}渣土车遗撒扬尘严重', '{c}旁边工地扬尘污染'],
    contents: ['{r}每天{t}渣土车来来往往，沿路遗撒，尘土飞扬，路边住户家里都是灰，请有关部门查处。', '{c}旁边工地没有覆盖防尘网，风一吹全是灰，请督促工地落实防尘措施。'],
    reply: '生态环境局会同城管部门检查，责令工地覆盖裸土、冲洗车辆，对遗撒车辆依法处罚。',
  },
  {
    category: 'ldsb.gjj', kind: 'consultation', route: 'dept-gjj',
    titles: ['咨询公积金提取条件', '咨询公积金贷款额度'],
    contents: ['我想用住房公积金支付房租，请问需要什么条件，每年可以提取多少？', '首套房公积金贷款最高能贷多少，需要连续缴存多久？'],
    reply: '已向诉求人说明提取条件、额度和线上办理渠道。',
  },
  {
    category: 'jtys.cz', kind: 'complaint', route: 'dept-jt',
    titles: ['出租车拒载', '出租车绕路多收费'],
    contents: ['我{t}在{r}打车，出租车司机嫌路程近拒载，车牌号已记下，请依法处理。', '乘坐出租车从{r}到{c}，司机故意绕路，多收了几十元，要求退还并处理。'],
    reply: '交通运输执法支队已调取行车记录核实，对驾驶员依法处罚并退还多收费用。',
  },
  {
    category: 'mz.yl', kind: 'help', route: 'dept-mz',
    titles: ['咨询居家养老服务补贴', '{c}附近缺少老年食堂'],
    contents: ['我家老人八十多岁独居在{c}，想申请居家养老服务，请问有什么补贴，怎么申请？', '{c}老年人很多，附近没有老年助餐点，希望社区开设老年食堂。'],
    reply: '民政局已联系街道养老服务中心上门评估，为老人办理居家养老服务，并将助餐点建设纳入计划。',
  },
  {
    category: 'wsjs.yl', kind: 'complaint', route: 'dept-wj',
    titles: ['医院挂号难排队时间长', '投诉医院服务态度差'],
    contents: ['{t}带孩子去医院看病，挂号排了两个多小时，网上预约也约不上，希望改善就医流程。', '在医院就诊时医生态度冷淡，没问几句就开了检查单，希望加强医德医风管理。'],
    reply: '卫健委已督促医院增加号源和志愿者引导，约谈相关科室负责人并加强服务培训。',
  },
  {
    category: 'cjjs.cgzf.garbage', kind: 'complaint', route: 'dept-cg', coStreet: 0.4, season: WARM,
    titles: ['{c}垃圾站满溢发臭', '{r}垃圾清运不及时'],
    contents: ['{c}门口的垃圾站每天都满溢出来，天热臭气熏天，蚊蝇很多，希望增加清运次数。', '{r}路边垃圾桶{t}就满了，一直没人清运，希望环卫部门加强管理。'],
    reply: '环卫部门已调整清运频次为每日两次，并对垃圾站进行消杀，现场已整洁。',
  },
  {
    category: 'ldsb.yb', kind: 'consultation', route: 'dept-yb',
    titles: ['咨询医保异地就医备案', '咨询门诊慢特病报销'],
    contents: ['我父母在外地长住，想问医保异地就医怎么备案，报销比例是多少？', '我有高血压，请问门诊慢特病怎么申请，能报销多少？'],
    reply: '已向诉求人说明异地就医备案和门诊慢特病办理流程及报销政策。',
  },
  {
    category: 'zrzy.bdc', kind: 'help', route: 'dept-zrzy',
    titles: ['{c}业主迟迟办不了房产证', '咨询不动产证办理进度'],
    contents: ['{c}交房{n}年了，开发商一直不给办房产证，孩子上学都受影响，希望政府督促开发商尽快办证。', '我在{r}买的二手房，不动产登记材料交了很久还没办好，请帮忙查询进度。'],
    reply: '自然资源和规划局已督促开发商补齐材料，该小区已分批办理不动产权证书。',
  },
  {
    category: 'gasf.za', kind: 'tip_off', route: 'dept-ga',
    titles: ['{r}深夜有人聚众喧哗', '举报{r}{s}疑似赌博'],
    contents: ['{r}附近{t}经常有人喝酒喧哗打闹，影响居民休息，希望派出所加强巡逻。', '{r}的{s}每天晚上有很多人聚集，疑似在里面赌博，请公安机关查处。'],
    reply: '属地派出所已加强该区域夜间巡逻，对相关场所进行检查并依法处理。',
  },
  {
    category: 'nync.rj', kind: 'complaint', route: 'street',
    titles: ['村里垃圾乱堆乱放', '{r}沿线河道垃圾多'],
    contents: ['我们村口的垃圾堆了很久没人清理，夏天臭气熏天，希望镇里安排清运。', '{r}沿线的河道里漂满了垃圾，水也发黑发臭，希望有关部门清理。'],
    reply: '镇政府已组织保洁人员清运垃圾并建立长效保洁机制，定期巡查河道。',
  },
  {
    category: 'scjg.xf.quality', kind: 'complaint', route: 'dept-scjg',
    titles: ['在{s}买到质量问题商品', '{s}拒绝退换货'],
    contents: ['我在{r}的{s}买的电器用了{n}天就坏了，商家不给退换，只同意维修，请帮助维权。', '在{s}购买的商品有质量问题，按规定可以七天无理由退货，商家拒绝，请调解。'],
    reply: '市场监管所已组织调解，商家同意为诉求人办理退货退款。',
  },
  {
    category: 'jywt.jy.training', kind: 'tip_off', route: 'dept-jy',
    titles: ['举报{r}违规校外培训', '{s}培训机构收费后跑路'],
    contents: ['{r}有一家培训机构在周末违规开展学科类培训，还在居民楼里上课，请教育部门查处。', '孩子在{s}报了课，一次交了{n}千元，现在机构关门了，请帮助退费。'],
    reply: '教育局会同市场监管部门检查，已责令该机构停止违规培训，督促退还学员费用。',
  },
  {
    category: 'gasf.hz', kind: 'consultation', route: 'dept-ga',
    titles: ['咨询身份证补办', '咨询落户政策'],
    contents: ['我的身份证丢了，请问在哪里补办，需要多长时间，能不能办临时身份证？', '我在本市工作{n}年了，想问能不能落户，需要什么条件？'],
    reply: '已向诉求人说明身份证补办和落户办理的条件、材料与地点。',
  },
  {
    category: 'sdqr.gr.fee', kind: 'consultation', route: 'ent-heat', season: WINTER,
    titles: ['咨询采暖费收费标准', '{c}未供暖仍要求交采暖费'],
    contents: ['请问今年的采暖费是多少钱一平方米，在哪里缴纳，有没有优惠？', '{c}我家房子没人住也没开暖气，热力公司要求交全额采暖费，合理吗？'],
    reply: '已向诉求人说明采暖费标准、缴费渠道和空置房收费政策。',
  },
  {
    category: 'cjjs.szss.manhole', kind: 'help', route: 'dept-cg', urgent: 0.1,
    titles: ['{r}井盖缺失', '{c}门口井盖破损'],
    contents: ['{r}靠近{c}的人行道上有一个井盖丢了，下面很深，{t}看不清容易掉下去，请马上处理。', '{c}门口的井盖已经碎了，车辆压过去响声很大，存在安全隐患。'],
    reply: '已通知权属单位设置围挡并更换井盖，隐患已消除。',
  },
  {
    category: 'ldsb.ldgx.contract', kind: 'help', route: 'dept-rs',
    titles: ['{s}不签劳动合同', '被{s}无故辞退'],
    contents: ['我在{s}工作{n}个月了，公司一直不跟我签劳动合同，也不交社保，请问怎么维权？', '{s}突然通知我不用来上班了，也不给经济补偿，请劳动部门帮忙。'],
    reply: '人社局劳动监察已约谈用人单位，督促其依法签订劳动合同、补缴社保并支付经济补偿。',
  },
  {
    category: 'wsjs.ggws', kind: 'help', route: 'dept-wj', season: SUMMER,
    titles: ['{c}蚊虫滋生严重', '{r}老鼠多请求消杀'],
    contents: ['{c}绿化带和积水的地方蚊子特别多，孩子被咬得全身是包，希望安排消杀。', '{r}的垃圾堆附近老鼠很多，晚上到处乱窜，请有关部门组织灭鼠。'],
    reply: '疾控和爱卫部门已组织开展病媒生物消杀，并指导物业清理积水和卫生死角。',
  },
  {
    category: 'djzw.zwfw', kind: 'criticism', route: 'dept-zwfw',
    titles: ['政务服务窗口工作人员态度差', '办事要求重复提交材料'],
    contents: ['我{t}到政务服务中心办事，窗口工作人员态度冷漠，说话很不耐烦，希望加强管理。', '办理业务时被要求反复提交同样的材料，跑了{n}次还没办成，希望简化流程。'],
    reply: '政务服务管理局已约谈相关窗口负责人并进行批评教育，对流程问题推行一次告知、容缺受理。',
  },
  {
    category: 'qt.by', kind: 'praise', route: 'street',
    titles: ['表扬社区工作人员热心服务', '感谢{r}环卫工人'],
    contents: ['{c}社区的工作人员帮我家老人办好了养老待遇认证，还上门服务，特别感谢，希望给予表扬。', '{r}的环卫工人每天很早就把路面打扫得干干净净，特此表扬。'],
    reply: '已将表扬转达相关单位和个人。',
  },
  {
    category: 'sdqr.gs.quality', kind: 'complaint', route: 'ent-water',
    titles: ['{c}自来水发黄有异味', '{c}水质浑浊'],
    contents: ['{c}这几天自来水发黄，还有一股铁锈味，不敢喝，请水务部门检测水质。', '{r}{c}的自来水{t}特别浑浊，请查一下是不是管道问题。'],
    reply: '水务集团已采样检测并冲洗管网，水质检测合格，建议用户放水后使用。',
  },
  {
    category: 'smly.ly', kind: 'complaint', route: 'dept-wgl', season: [0.6, 1.6, 0.8, 1.2, 1.8, 1, 1.4, 1.5, 0.9, 2.2, 0.8, 0.6],
    titles: ['景区强制消费', '旅行团擅自增加购物点'],
    contents: ['节假日在景区游玩，被导游带进购物店强制消费，不买就不让走，请旅游部门查处。', '参加{s}组织的一日游，行程中增加了{n}个购物点，合同里没有，请求处理。'],
    reply: '文旅局已约谈旅行社，责令退还诉求人相关费用，并依法立案调查。',
  },
  {
    category: 'mz.jz', kind: 'help', route: 'street',
    titles: ['申请低保救助', '家庭困难请求临时救助'],
    contents: ['我家住{c}，丈夫生病住院，家里没有收入来源，请问怎么申请低保或临时救助？', '我是残疾人，一个人生活，最近生病花了很多钱，请求政府给予救助。'],
    reply: '街道民政工作人员已上门了解情况，协助诉求人提交临时救助申请，已发放救助金。',
  },
  {
    category: 'cjjs.fc', kind: 'complaint', route: 'dept-zj',
    titles: ['{c}开发商延期交房', '{c}房屋质量问题'],
    contents: ['我们买的{c}合同约定去年交房，现在还没交，开发商也不给说法，请住建部门督促。', '{c}交房后墙体开裂、卫生间漏水，开发商一直不维修，请有关部门协调。'],
    reply: '住建局已约谈开发企业，督促其制定交房和维修计划，并将持续跟踪落实。',
  },
  {
    category: 'scjg.sp.expired', kind: 'tip_off', route: 'dept-scjg',
    titles: ['{s}销售过期食品', '{r}超市卖变质食品'],
    contents: ['我在{r}的{s}买的牛奶已经过期{n}天了，货架上还有很多，请市场监管部门查处。', '在{s}买的熟食有异味，怀疑已经变质，请检查。'],
    reply: '市场监管所已现场检查，下架过期商品并依法立案处罚，已为诉求人办理退款。',
  },
  {
    category: 'hjbh.sw', kind: 'tip_off', route: 'dept-sthj',
    titles: ['{r}附近河道有污水直排', '举报{s}偷排废水'],
    contents: ['{r}附近的河道{t}有黑色污水排进来，气味刺鼻，鱼都死了，怀疑附近工厂偷排，请查处。', '{s}晚上通过暗管向河里排放废水，请环保部门调查。'],
    reply: '生态环境局执法人员已现场取样检测，查实该企业超标排放，已依法处罚并责令整改。',
  },
  {
    category: 'jywt.ty', kind: 'suggestion', route: 'district',
    titles: ['建议{c}附近增加健身设施', '建议学校体育场馆向社会开放'],
    contents: ['{c}附近没有健身场地，老人孩子只能在马路边活动，建议在空地上建设口袋公园和健身器材。', '周边学校的操场周末都空着，建议错时向居民开放。'],
    reply: '区政府已将该建议纳入全民健身设施建设计划，拟在附近空地建设口袋公园。',
  },
  {
    category: 'sdqr.rq.install', kind: 'consultation', route: 'ent-gas',
    titles: ['咨询燃气开户流程', '咨询燃气表更换'],
    contents: ['新房子想开通天然气，请问需要带什么材料，多长时间能通气？', '燃气公司通知更换燃气表，要收费吗，怎么预约？'],
    reply: '已告知诉求人燃气开户所需材料、办理渠道和时限。',
  },
  {
    category: 'djzw.zf', kind: 'tip_off', route: 'jw',
    titles: ['举报工作人员吃拿卡要', '反映基层干部作风问题'],
    contents: ['办理审批时有工作人员暗示要好处费才能加快办理，请纪检部门调查。', '村干部在低保评定中优亲厚友，群众意见很大，请求调查。'],
    reply: '已按规定转纪检监察机关依规依纪处理。',
  },
];

export const SLOTS = {
  /** 小区: prefix × suffix */
  compoundPrefixes: ['锦江', '南湖', '翠柳', '阳光', '金色', '书香', '滨江', '碧水', '望湖', '御景', '康乐', '幸福', '丽景', '紫荆', '明珠', '天悦', '和平', '光明', '东方', '世纪', '温馨', '水岸', '枫林', '龙湾', '盛世', '华府', '瑞祥', '恒大', '绿洲', '长虹'],
  compoundSuffixes: ['花园', '小区', '家园', '名都', '新村', '公寓', '嘉园', '雅苑', '府邸', '佳苑'],
  roadPrefixes: ['滨江', '建设', '人民', '解放', '中山', '沿江', '南湖', '望湖', '船厂', '文化', '新华', '胜利', '和平', '朝阳', '长江', '黄河', '民主', '团结', '光华', '学府', '科技', '工业', '体育', '青年', '北京', '上海', '五一', '友谊', '迎宾', '春华'],
  roadSuffixes: ['路', '大道', '街', '北路', '南路', '东路', '西路'],
  times: ['每天晚上十点以后', '凌晨两三点', '每天早上六点', '中午休息时间', '周末', '晚上', '下班高峰', '半夜', '今天上午', '昨天晚上'],
  shops: ['老王烧烤', '川味小馆', '鑫源物流公司', '华通建筑公司', '美佳健身房', '快乐宝贝培训中心', '家家乐超市', '鸿运餐厅', '腾达电器城', '好时光KTV', '顺发汽修厂', '金鼎棋牌室', '新世纪商贸公司', '佳美美容店', '宏达装饰公司', '阳光旅行社'],
};

export const DISTRICT_NAMES = ['江北区', '江南区', '城关区', '高新区', '滨湖区', '临河区', '东城区', '西城区', '南岸区', '北湖区', '经开区', '青山区', '白沙县', '河口县', '石门县', '清水县'];
/** Street (街道 / 镇) names: prefix + 街道 in urban districts, + 镇 in counties. */
export const STREET_WORDS = ['滨江', '南湖', '东门', '西关', '北岸', '新华', '建设', '人民', '解放', '中山', '和平', '朝阳', '长青', '城南', '城北', '花园', '湖滨', '龙泉', '金桥', '白云', '红旗', '东风', '光明', '向阳', '清河', '永安', '太平', '新桥', '石桥', '柳林', '杨庄', '李家', '王村', '双河', '三里', '五里', '七星', '九龙', '官塘', '马场'];
/** The district's own bureaus (区级部门) a case may go to: code suffix and name. */
export const DISTRICT_BUREAUS: [string, string][] = [
  ['cg', '城市管理综合行政执法局'],
  ['zj', '住房和城乡建设委员会'],
  ['scjg', '市场监督管理局'],
  ['sthj', '生态环境分局'],
];

/** Share of the day's calls per hour, Asia/Shanghai (a 12345 line's curve: morning and afternoon peaks). */
export const HOUR_CURVE = [0.8, 0.5, 0.35, 0.3, 0.35, 0.6, 1.4, 3.2, 6.5, 8.6, 8.8, 7.6, 5.4, 5.8, 7.4, 7.6, 7.0, 6.0, 4.6, 4.0, 3.8, 3.2, 2.4, 1.5];
/** Overall volume per month (summer storms and heat, the spring festival lull, winter heating). */
export const MONTH_VOLUME = [1.05, 0.85, 0.95, 0.95, 1.0, 1.08, 1.18, 1.15, 1.0, 0.93, 0.95, 1.05];

export const CHANNEL_SHARES: [string, number][] = [
  ['phone', 0.7], ['online', 0.16], ['mailbox', 0.06], ['sms', 0.03], ['media', 0.01], ['grassroots', 0.015], ['liaison', 0.01], ['emergency', 0.01], ['leader_line', 0.005],
];
