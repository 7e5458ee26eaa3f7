import { describe, it, expect } from 'vitest';
import { DomainError } from './errors';
import { guessKind, joinSmsParts, normalizeSmsText, parseSms, type ParsedSms } from './sms-parse';

// Every expectation below was written by reading the SMS, field by field (S3: unit, name,
// address, ID number, demand). ID numbers used: 11010519491231002X, 44010619850715321X and
// 510107196203042815 have a right GB 11643 check character; 320102197805121631 does not.

describe('parseSms: SMS as citizens write them to the mayor’s SMS line', () => {
  it('reads a sentence-style SMS with the name after 住户 and an ID number', () => {
    const sms =
      '市长您好，我是江北区滨江街道幸福小区3栋的住户王秀英，身份证号码11010519491231002X，小区物业今年擅自上涨物业费，多次反映无人处理，请领导关注。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '王秀英',
      idNumber: '11010519491231002X',
      address: '江北区滨江街道幸福小区3栋',
      unit: '小区物业',
      phone: null,
      demand: '市长您好，我是江北区滨江街道幸福小区3栋的住户王秀英，小区物业今年擅自上涨物业费，多次反映无人处理，请领导关注。',
      title: '小区物业今年擅自上涨物业费',
      kind: 'complaint',
    });
  });

  it('reads a tip-off whose only personal data is a phone number; 张某 is the accused, not the sender', () => {
    expect(parseSms('举报：临江市某局干部张某上班时间在茶楼打牌 联系电话13800138000')).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '临江市某局',
      phone: '13800138000',
      demand: '举报：临江市某局干部张某上班时间在茶楼打牌',
      title: '举报：临江市某局干部张某上班时间在茶楼打牌',
      kind: 'tip_off',
    });
  });

  it('reads a fully labelled SMS, keeping only the 诉求 as the demand', () => {
    expect(parseSms('姓名：李强 地址：江南区人民路88号 单位：市住建局 诉求：房产证办了两年还没下来')).toEqual<ParsedSms>({
      name: '李强',
      idNumber: null,
      address: '江南区人民路88号',
      unit: '市住建局',
      phone: null,
      demand: '房产证办了两年还没下来',
      title: '房产证办了两年还没下来',
      kind: 'complaint',
    });
  });

  it('reads full-width digits, full-width colons and ideographic spaces', () => {
    const sms =
      '姓名：陈建国　电话：１３９ ０５７１ ２２３３　家住临江市东城区和平路１２号，楼下烧烤店每天营业到凌晨两点，油烟和噪音严重扰民。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '陈建国',
      idNumber: null,
      address: '临江市东城区和平路12号',
      unit: null,
      phone: '13905712233',
      demand: '家住临江市东城区和平路12号，楼下烧烤店每天营业到凌晨两点，油烟和噪音严重扰民。',
      title: '楼下烧烤店每天营业到凌晨两点',
      kind: 'complaint',
    });
  });

  it('gives no ID number when the check character is wrong, and still takes the labelled number out of the demand', () => {
    const sms =
      '我叫赵丽华，身份证320102197805121631，我在市人社局办理退休手续，工作人员说材料不全让我来回跑了五趟，请问到底需要哪些材料？';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '赵丽华',
      idNumber: null,
      address: null,
      unit: '市人社局',
      phone: null,
      demand: '我叫赵丽华，我在市人社局办理退休手续，工作人员说材料不全让我来回跑了五趟，请问到底需要哪些材料？',
      title: '我在市人社局办理退休手续',
      kind: 'consultation',
    });
  });

  it('reads an SMS that is only a question, with no personal data at all', () => {
    expect(parseSms('请问新生儿医保在哪里办理？需要带什么材料吗？')).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: '请问新生儿医保在哪里办理？需要带什么材料吗？',
      title: '请问新生儿医保在哪里办理',
      kind: 'consultation',
    });
  });

  it('reads a one-line question ending in 吗？', () => {
    expect(parseSms('公积金可以用来交物业费吗？')).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: '公积金可以用来交物业费吗？',
      title: '公积金可以用来交物业费吗',
      kind: 'consultation',
    });
  });

  it('reads a thank-you message naming a hospital', () => {
    const sms = '我是城西社区的居民刘德福，感谢市第一人民医院心内科的医生护士，我父亲住院期间得到了精心照顾，特此表扬！';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '刘德福',
      idNumber: null,
      address: '城西社区',
      unit: '市第一人民医院',
      phone: null,
      demand: sms,
      title: '感谢市第一人民医院心内科的医生护士',
      kind: 'praise',
    });
  });

  it('reads a 点赞 message naming the company that fixed the problem', () => {
    const sms = '给12345点赞！上周反映的路灯不亮问题，第二天供电公司就派人修好了，效率很高。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '供电公司',
      phone: null,
      demand: sms,
      title: '给12345点赞',
      kind: 'praise',
    });
  });

  it('reads a suggestion signed 市民孙立 反映 at the end', () => {
    const sms = '建议在人民路与解放路交叉口增设红绿灯，上下学时段车多人多，孩子过马路很危险。市民孙立 反映';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '孙立',
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: sms,
      title: '建议在人民路与解放路交叉口增设红绿灯',
      kind: 'suggestion',
    });
  });

  it('reads a 希望…增设 suggestion', () => {
    expect(parseSms('希望在城东公园增设几个公共厕所，周末人多排队太久。')).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: '希望在城东公园增设几个公共厕所，周末人多排队太久。',
      title: '希望在城东公园增设几个公共厕所',
      kind: 'suggestion',
    });
  });

  it('reads a request for help from an old woman in a village, with a landline', () => {
    const sms = '本人张桂兰，今年72岁，独居，家住青山镇李家村，房子漏雨无钱修缮，生活困难，请政府帮忙。电话0571-86001234';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '张桂兰',
      idNumber: null,
      address: '青山镇李家村',
      unit: null,
      phone: '057186001234',
      demand: '本人张桂兰，今年72岁，独居，家住青山镇李家村，房子漏雨无钱修缮，生活困难，请政府帮忙。',
      title: '今年72岁',
      kind: 'help',
    });
  });

  it('reads a criticism of a named bureau', () => {
    const sms = '批评一下区城管局，执法人员对摆摊老人态度粗暴，影响政府形象。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '区城管局',
      phone: null,
      demand: sms,
      title: '批评一下区城管局',
      kind: 'criticism',
    });
  });

  it('reads labelled fields separated by spaces, with a lowercase x in the ID number', () => {
    const sms =
      '姓名:周晓梅 身份证:44010619850715321x 手机:13912345678 地址:白云区京溪街道南方花园5栋1203 内容:小区门口的下水道堵了一个月，污水横流，希望尽快疏通';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '周晓梅',
      idNumber: '44010619850715321X',
      address: '白云区京溪街道南方花园5栋1203',
      unit: null,
      phone: '13912345678',
      demand: '小区门口的下水道堵了一个月，污水横流，希望尽快疏通',
      title: '小区门口的下水道堵了一个月',
      kind: 'complaint',
    });
  });

  it('reads the company named after 投诉', () => {
    const sms = '投诉临江市通达物流有限公司拖欠3名员工工资半年，老板电话不接，我们都是外地人，过年回不了家。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '临江市通达物流有限公司',
      phone: null,
      demand: sms,
      title: '投诉临江市通达物流有限公司拖欠3名员工工资半年',
      kind: 'complaint',
    });
  });

  it('cuts a long first clause to 30 characters and drops the greeting', () => {
    const sms =
      '市长你好 城南新区锦绣花园小区北门外那段路自从去年修地铁开挖以后一直没有恢复坑坑洼洼下雨天根本没法走';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: '城南新区锦绣花园小区',
      unit: null,
      phone: null,
      demand: sms,
      title: '城南新区锦绣花园小区北门外那段路自从去年修地铁开挖以后一直…',
      kind: 'complaint',
    });
  });

  it('reads a name signed after a dash; a bare 物业 names no unit', () => {
    const sms = '小区电梯三天两头坏，上周还困过人，物业一直拖着不修，太危险了！——业主吴志刚';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '吴志刚',
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: sms,
      title: '小区电梯三天两头坏',
      kind: 'complaint',
    });
  });

  it('does not take an occupation for a name, and reads a landline with its area code in brackets', () => {
    const sms =
      '你好，我是外卖员，在万达广场门口停电动车被城管罚款200元，又没有划停车位，我想咨询一下这样罚合理吗？我的电话是（0571）88776655';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: '057188776655',
      demand: '你好，我是外卖员，在万达广场门口停电动车被城管罚款200元，又没有划停车位，我想咨询一下这样罚合理吗？',
      title: '在万达广场门口停电动车被城管罚款200元',
      kind: 'consultation',
    });
  });

  it('reads 身份证号是… and a street office named in full', () => {
    const sms = '我叫马丽，身份证号是510107196203042815。我在锦江区春熙路街道办事处申请低保半年了，一直说在审核，请帮忙催一下。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '马丽',
      idNumber: '510107196203042815',
      address: null,
      unit: '锦江区春熙路街道办事处',
      phone: null,
      demand: '我叫马丽。我在锦江区春熙路街道办事处申请低保半年了，一直说在审核，请帮忙催一下。',
      title: '我在锦江区春熙路街道办事处申请低保半年了',
      kind: 'help',
    });
  });

  it('reads 举报人 and a +86 mobile written with dashes', () => {
    const sms = '举报人:孙海涛，电话:+86 135-1234-5678。举报临江市城东建材厂夜间偷排废水，河水都发黑了。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '孙海涛',
      idNumber: null,
      address: null,
      unit: '临江市城东建材厂',
      phone: '13512345678',
      demand: '举报临江市城东建材厂夜间偷排废水，河水都发黑了。',
      title: '举报临江市城东建材厂夜间偷排废水',
      kind: 'tip_off',
    });
  });

  it('reads a village address; the township inside the address is not the unit, the township government is', () => {
    const sms = '我们是红旗乡张家湾村的村民，乡政府把我们的土地征收了三年补偿款还没发，希望领导帮忙过问。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: '红旗乡张家湾村',
      unit: '乡政府',
      phone: null,
      demand: sms,
      title: '乡政府把我们的土地征收了三年补偿款还没发',
      kind: 'help',
    });
  });

  it('reads a labelled address down to the room', () => {
    const sms =
      '住址：东湖区青年路街道书香苑3号楼2单元501室 姓名：黄小燕 楼上住户长期在家里开麻将馆，半夜洗牌声不断，派出所来了几次也没用。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '黄小燕',
      idNumber: null,
      address: '东湖区青年路街道书香苑3号楼2单元501室',
      unit: null,
      phone: null,
      demand: '楼上住户长期在家里开麻将馆，半夜洗牌声不断，派出所来了几次也没用。',
      title: '楼上住户长期在家里开麻将馆',
      kind: 'complaint',
    });
  });

  it('drops 尊敬的领导 from the title and reads the signature 居民 钱卫东 敬上', () => {
    const sms =
      '尊敬的领导：西湖区文三路与学院路口的公交站台拆了半年没有恢复，老人等车只能站在路边晒太阳，恳请尽快恢复。居民 钱卫东 敬上';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '钱卫东',
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: sms,
      title: '西湖区文三路与学院路口的公交站台拆了半年没有恢复',
      kind: 'complaint',
    });
  });

  it('finds an unlabelled mobile number in the text and leaves it in the demand', () => {
    const sms = '家里老人走失了，穿蓝色外套，80岁，有老年痴呆，最后出现在城北菜市场附近，有线索请打15906661234，求助！';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: '15906661234',
      demand: sms,
      title: '家里老人走失了',
      kind: 'help',
    });
  });

  it('reads a street office complained of for 不作为', () => {
    const sms = '滨江街道办不作为，小区门口占道经营的摊贩管了三年都没管好。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '滨江街道办',
      phone: null,
      demand: sms,
      title: '滨江街道办不作为',
      kind: 'complaint',
    });
  });

  it('reads a multi-line SMS with a greeting on its own lines and fields in the middle of a sentence', () => {
    const sms =
      '市长：\n您好！\n我是东城区向阳街道和平小区12栋住户，姓名：何春生，电话：13355556666。\n小区旁边的建筑工地每天晚上十点以后还在施工，噪音太大，老人孩子都睡不着。';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '何春生',
      idNumber: null,
      address: '东城区向阳街道和平小区12栋',
      unit: null,
      phone: '13355556666',
      demand: '市长：您好！我是东城区向阳街道和平小区12栋住户。小区旁边的建筑工地每天晚上十点以后还在施工，噪音太大，老人孩子都睡不着。',
      title: '小区旁边的建筑工地每天晚上十点以后还在施工',
      kind: 'complaint',
    });
  });

  it('reads a name and an address typed without any punctuation between them', () => {
    const sms = '我叫李建国我家住在新华路23号，门口的下水道井盖丢了，晚上很危险';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '李建国',
      idNumber: null,
      address: '新华路23号',
      unit: null,
      phone: null,
      demand: sms,
      title: '门口的下水道井盖丢了',
      kind: 'complaint',
    });
  });

  it('reads 姓名 and 电话 written without colons', () => {
    expect(parseSms('姓名张三 电话13800138000 家门口路灯不亮')).toEqual<ParsedSms>({
      name: '张三',
      idNumber: null,
      address: null,
      unit: null,
      phone: '13800138000',
      demand: '家门口路灯不亮',
      title: '家门口路灯不亮',
      kind: 'complaint',
    });
  });

  it('reads a name and an unlabelled ID number opening the SMS, and keeps both out of the title', () => {
    const sms = '王建军 510107196203042815 反映：低保申请半年没批';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '王建军',
      idNumber: '510107196203042815',
      address: null,
      unit: null,
      phone: null,
      demand: sms,
      title: '低保申请半年没批',
      kind: 'complaint',
    });
  });

  it('takes the number written after 联系人 as part of the labelled field', () => {
    expect(parseSms('联系人：李女士 18900001111 地址：幸福里12号 问题：噪音扰民')).toEqual<ParsedSms>({
      name: '李女士',
      idNumber: null,
      address: '幸福里12号',
      unit: null,
      phone: '18900001111',
      demand: '噪音扰民',
      title: '噪音扰民',
      kind: 'complaint',
    });
  });

  it('reads a daughter writing for her father: the contact is 刘芳, not 女儿刘芳', () => {
    const sms = '我父亲今年80岁了，瘫痪在床，想申请低保，不知道怎么办理，求帮忙。联系人：女儿刘芳 15811112222';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: '刘芳',
      idNumber: null,
      address: null,
      unit: null,
      phone: '15811112222',
      demand: '我父亲今年80岁了，瘫痪在床，想申请低保，不知道怎么办理，求帮忙。',
      title: '我父亲今年80岁了',
      kind: 'consultation',
    });
  });

  it('does not take 身份证 in a sentence for a label', () => {
    expect(parseSms('我的身份证丢了怎么补办？')).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: null,
      phone: null,
      demand: '我的身份证丢了怎么补办？',
      title: '我的身份证丢了怎么补办',
      kind: 'consultation',
    });
  });

  it('reads a thank-you to a traffic police brigade', () => {
    const sms = '感谢交警二大队民警帮我找回丢失的钱包！';
    expect(parseSms(sms)).toEqual<ParsedSms>({
      name: null,
      idNumber: null,
      address: null,
      unit: '交警二大队',
      phone: null,
      demand: sms,
      title: '感谢交警二大队民警帮我找回丢失的钱包',
      kind: 'praise',
    });
  });
});

describe('parseSms: single fields', () => {
  it.each([
    ['姓名：匿名 小区路灯坏了', null],
    ['我是业主，小区路灯坏了', null],
    ['本人多次反映小区路灯坏了', null],
    ['我是群众，想反映个问题', null],
    ['我是一名退休教师，想咨询养老金调整', null],
    ['我是欧阳晓晓，小区路灯坏了', '欧阳晓晓'],
    ['姓名：阿依·买买提 电话：13800138000 小区路灯坏了', '阿依·买买提'],
    ['我是王先生，小区路灯坏了', '王先生'],
  ])('name of %s is %s', (sms, name) => {
    expect(parseSms(sms).name).toBe(name);
  });

  it('takes the first of two units named as the unit (首问负责制: the first unit leads)', () => {
    expect(parseSms('市住建局和区城管局互相推诿，违建拆不掉').unit).toBe('市住建局');
  });

  it.each([
    ['我在市中心医院看病，医生态度很差', '市中心医院'],
    ['请问南湖区社保中心在哪里？几点上班？', '南湖区社保中心'],
    ['我要投诉 东方花园物业 乱收停车费', '东方花园物业'],
    ['房产证办了两年还没下来', null],
    ['公积金可以用来交物业费吗？', null],
  ])('unit of %s is %s', (sms, unit) => {
    expect(parseSms(sms).unit).toBe(unit);
  });

  it.each([
    ['我是向阳小区的，楼下有人遛狗不牵绳', '向阳小区'],
    ['和平路15号的网吧接纳未成年人上网，请查处。', '和平路15号'],
    ['我们小区门口的路灯坏了', null],
    ['村里的自来水停了三天', null],
  ])('address of %s is %s', (sms, address) => {
    expect(parseSms(sms).address).toBe(address);
  });

  it('takes the first valid ID number and skips one with a wrong check character', () => {
    expect(parseSms('母亲身份证320102197805121631 我的11010519491231002X 低保怎么申请').idNumber).toBe('11010519491231002X');
  });

  it('does not read a phone number out of an ID number', () => {
    expect(parseSms('身份证号码11010519491231002X，低保怎么申请？').phone).toBe(null);
  });

  it('never gives an empty demand: an SMS of labels only keeps its whole text', () => {
    const parsed = parseSms('姓名：李强 电话：13800138000');
    expect(parsed.demand).toBe('姓名：李强 电话：13800138000');
    expect(parsed.name).toBe('李强');
    expect(parsed.phone).toBe('13800138000');
  });
});

describe('normalizeSmsText', () => {
  it('turns full-width digits, letters and colons half-width', () => {
    expect(normalizeSmsText('电话：１３８００１３８０００，车牌浙Ａ１２３４５')).toBe('电话:13800138000，车牌浙A12345');
  });

  it('collapses whitespace, including ideographic spaces and line breaks, and trims', () => {
    expect(normalizeSmsText('  姓名：李强\n\n地址：人民路８８号　　诉求：漏水 ')).toBe('姓名:李强 地址:人民路88号 诉求:漏水');
  });

  it('keeps Chinese punctuation other than the colon', () => {
    expect(normalizeSmsText('您好，请问？谢谢！')).toBe('您好，请问？谢谢！');
  });
});

describe('guessKind', () => {
  it.each([
    ['举报某饭店使用地沟油', 'tip_off'],
    ['投诉并举报某药店卖假药', 'tip_off'],
    ['工地夜间施工扰民', 'complaint'],
    ['驾校乱收费', 'complaint'],
    ['建议延长地铁末班车时间', 'suggestion'],
    ['希望在学校门口增设减速带', 'suggestion'],
    ['感谢环卫工人春节坚守岗位', 'praise'],
    ['批评区教育局回复敷衍', 'criticism'],
    ['咨询一下居住证办理流程', 'consultation'],
    ['二胎可以上户口吗？', 'consultation'],
    ['家里失火无处可住，求助', 'help'],
    ['小区停水三天了，请尽快处理，谢谢！', 'complaint'],
    ['楼道灯坏了', 'complaint'],
  ] as const)('%s → %s', (text, kind) => {
    expect(guessKind(text)).toBe(kind);
  });
});

describe('joinSmsParts', () => {
  it('joins parts that arrive out of order', () => {
    expect(
      joinSmsParts([
        { part: 3, total: 3, text: '多次反映无人处理。' },
        { part: 1, total: 3, text: '市长您好，小区物业' },
        { part: 2, total: 3, text: '擅自上涨物业费，' },
      ]),
    ).toBe('市长您好，小区物业擅自上涨物业费，多次反映无人处理。');
  });

  it('ignores a part delivered twice', () => {
    expect(
      joinSmsParts([
        { part: 1, total: 2, text: '家住青山镇' },
        { part: 1, total: 2, text: '家住青山镇' },
        { part: 2, total: 2, text: '李家村' },
      ]),
    ).toBe('家住青山镇李家村');
  });

  it('gives null while a part is missing, even with duplicates making up the count', () => {
    expect(
      joinSmsParts([
        { part: 1, total: 3, text: '市长您好，' },
        { part: 1, total: 3, text: '市长您好，' },
        { part: 3, total: 3, text: '请领导关注。' },
      ]),
    ).toBe(null);
  });

  it('gives null for no parts and joins a single-part message', () => {
    expect(joinSmsParts([])).toBe(null);
    expect(joinSmsParts([{ part: 1, total: 1, text: '楼道灯坏了' }])).toBe('楼道灯坏了');
  });

  it('throws when parts disagree on the total', () => {
    const parts = [
      { part: 1, total: 2, text: '市长您好，' },
      { part: 2, total: 3, text: '请领导关注。' },
    ];
    expect(() => joinSmsParts(parts)).toThrow(Error);
    expect(() => joinSmsParts(parts)).toThrow(DomainError);
  });

  it('throws on a part number outside 1..total', () => {
    expect(() => joinSmsParts([{ part: 3, total: 2, text: '多出来的一段' }])).toThrow(DomainError);
  });
});
