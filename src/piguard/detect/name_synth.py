"""Synthetic sentences with generated names, for training and checking the
name model on business text (the public corpora are news, résumés and Weibo).

Frames are written for piguard; ``{n}``, ``{n2}``, ``{n3}`` are names, ``{d}``
a digit string. ``TRAIN_FRAMES`` feed training; ``CHECK_FRAMES`` are kept out
of training so a test can see how the model does on wording it never saw.
``NEGATIVES`` hold no name at all: surnames as ordinary words, titles with a
bare surname, masked names.

>>> import random
>>> text, spans = sentence(random.Random(1), "借款人{n}已还款。")
>>> text[spans[0][0]:spans[0][1]] == spans[0][2]
True
"""
from __future__ import annotations

import random
import re

from piguard.entities import person_name

TRAIN_FRAMES = """
您好，{n}，您的快递已放在驿站，请凭取件码领取。
尊敬的{n}先生，您本月账单已出。
尊敬的{n}女士：您预约的体检时间为周三上午。
经办人：{n}　审核人：{n2}
姓名：{n}，性别：男，年龄：34岁
姓名:{n} 性别:女 民族:汉
{n}，男，1975年出生，大学本科学历，高级经济师。
{n}女士，中国国籍，无境外居留权，硕士学历。
本人{n}，自愿申请办理信用卡。
请{n}到3号窗口办理业务。
联系人{n}{d}
{n}{d}
{n}和{n2}是大学同学。
感谢{n}的耐心帮助！
今天下午{n}来店里看车，意向车型是SUV。
患者{n}，女，45岁，主诉头痛三天。
{n}同志任县委副书记。
本报记者{n}报道
据{n}介绍，该项目总投资约3亿元。
{n}说：“我们会尽快处理。”
工单号T{d}，处理人{n}，状态已完成。
收款人{n}，开户行工商银行。
户主{n}，家庭成员3人。
被告人{n}因涉嫌诈骗罪被依法逮捕。
原告{n}诉被告{n2}民间借贷纠纷一案已审结。
学生{n}在本次考试中获得第一名。
由{n}负责跟进此事。
我是{n}，想咨询一下贷款的事。
{n}的订单已发货，预计明天送达。
{n}、{n2}、{n3}等人参加了会议。
开户名:{n} 账号:{d}
联系人:{n};电话:{d}
司机{n}师傅已接单，车牌尾号{d}。
{n}老师您好，孩子今天请假。
{n}医生的门诊时间是周二上午。
家属{n}签字确认。
紧急联系人{n}(配偶)
受益人为{n}，受益比例100%。
法定代表人：{n}
租客{n}于2023年3月入住。
房东{n}同意续租。
员工{n}，工号E{d}，部门财务部。
{n}，你好！
给{n}打电话一直没人接。
转账给{n}500元。
{n}于2019年加入公司，现任销售总监。
签名：{n}
申请人{n}的贷款审批已通过。
{n} {d} 北京市朝阳区
{n}:{d}
[{n}]
“{n}”
{n}
{n}，{n2}
寄件人{n}，收件人{n2}。
收货人：{n}（{d}）
代收人{n}已代为签收。
持卡人{n}挂失了尾号{d}的银行卡。
保险单被保险人为{n}，投保人为{n2}。
客户经理{n}将在两个工作日内联系您。
{n}在微博上说今天心情很好
我和{n}一起去看电影了
听{n}说这家店的火锅很好吃
{n}主演的电影票房过亿。
前锋{n}第78分钟破门得分。
主教练{n}赛后表示对结果满意。
{n}教授的研究团队发表了论文。
董事长{n}出席了签约仪式。
客户{n}的还款日为每月15日。
客户{n}于今日上午来电投诉。
用户{n}的账号已被冻结。
请联系{n}处理，电话{d}。
请尽快联系{n}确认收货时间。
如有疑问可联系{n}，手机{d}。
{n}出生于1988年，籍贯湖南。
{n}生于1990年5月。
车主{n}的车辆已完成年检。
车辆登记所有人为{n}。
投保人{n}于2024年3月1日续保。
签收人：{n}
已由{n}本人签收。
包裹已被{n}取走。
持卡人{n}申请提高额度。
客户{n}办理了提前还款。
贷款人{n}已结清全部欠款。
{n}的住址是上海市浦东新区。
会员{n}积分已到账。
VIP客户{n}预约了明天的理财咨询。
借款人：{n}；担保人：{n2}
乘客{n}的航班已改签。
旅客{n}请到登机口登机。
住客{n}已办理退房。
业务员{n}上门收件。
该订单由{n}下单，收件人为{n2}。
{n}的身份证即将过期。
开票人{n}，复核人{n2}。
{n},{n2},{n3}
{n}|{d}|男
借款人{n}的还款计划已更新。
担保人{n}的资产证明已提交。
联系人{n}的电话无人接听。
申请人{n}的材料不齐全。
病人{n}的检查报告已出。
业主{n}的物业费已缴清。
学员{n}的成绩合格。
租户{n}的押金已退还。
""".strip().split("\n")

CHECK_FRAMES = """
您的包裹由快递员{n}派送，如有疑问请致电{d}。
业主{n}反映楼上漏水，请物业尽快上门查看。
此笔退款将原路退回{n}的账户。
今日值班人员：{n}、{n2}。
经核实，{n}已于上月办理销户。
""".strip().split("\n")

NEGATIVES = """
周末我们去了海边，大家都很高兴。
黄金价格今天上涨了1.2%。
这个王国已经存在了几百年。
本次贷款金额为5万元，期限12个月。
请勿在墙上随意张贴广告。
王女士您好，您的订单已发货。
李先生，请问您什么时候方便接听电话？
张小姐的快递放在前台了。
刘总今天下午不在公司。
陈老师布置了新的作业。
客户张**已完成实名认证。
借款人李某于2020年逃逸。
王某某称自己并不知情。
高速公路出口发生拥堵。
石油价格持续走低。
文件已经发到你的邮箱了。
江苏省南京市鼓楼区
马上就要下雨了，记得带伞。
毛利率同比增长三个百分点。
于是他决定辞职创业。
任何人不得泄露客户信息。
许多用户反映无法登录。
程序运行时出现了错误。
方向盘需要定期保养。
安全生产责任重于泰山。
金额有误，请重新核对。
常见问题请查看帮助中心。
周一至周五营业时间为九点到六点。
万一出现问题，请及时联系客服。
黄色预警已经发布。
高兴地告诉大家，我们成功了！
林业局发布了防火通知。
宋体字号设置为小四。
白天气温较高，注意防暑。
何时能够到账？
向前走两百米就到了。
谢谢您的耐心等待。
孙子今天放学很早。
朱红色的大门很显眼。
胡同里有一家老字号。
郭外有一片稻田。
罗列了十条整改意见。
梁上挂着一盏灯。
唐朝是中国历史上的强盛朝代。
韩国队获得了冠军。
冯家湾村委会
曹操是三国时期的政治家。
邓小平理论
袁大头银元收藏价值高。
董事会审议通过了年度报告。
程序员小王加班到深夜。
沈阳市和平区
吕梁山区脱贫攻坚
苏州工业园区
卢沟桥位于北京丰台。
蒋介石时期的历史档案
贾平凹的小说很受欢迎。
丁字路口请减速慢行。
魏晋南北朝时期
叶子已经黄了。
余额不足，请及时充值。
潘多拉的盒子
杜鹃花开满了山坡。
戴口罩，勤洗手。
夏天到了，空调要清洗。
钟表维修店
汪汪叫的小狗
田里的麦子熟了。
任务已完成。
姜汤可以驱寒。
范围扩大到全市。
石头剪刀布
姚明是著名篮球运动员。
廖记棒棒鸡
邹城市
熊猫基地
金融机构应当加强管理。
陆地面积
郝家庄
孔子学院
白色的衬衫
崔家店
康复训练
毛巾和牙刷
邱县
秦岭
江河湖海
史料记载
顾客至上
侯车室
邵阳市
孟子曰
龙头企业
万元户
段落大意
钱包丢了
汤圆
尹家村
黎明时分
易燃易爆物品
常规检查
武汉市江岸区
乔迁之喜
贺卡
赖床
龚滩古镇
文化广场
樊城区
兰花
殷切希望
施工单位
陶瓷
洪水
翟家院
安装调试
颜色
倪家桥
严格执行
牛奶
温度计
季度报告
俞家
章程
鲁菜
葛根
伍佰元
韦编三绝
申请表
尤其重要
毕业证书
聂家
焦点访谈
向日葵
柳树
邢台市
路面施工
岳阳楼
齐心协力
梅花
莫名其妙
庄稼
辛苦了
管理员
祝您生日快乐
左转
涂料
谷物
请下载客户端查看详情。
客户服务热线24小时在线。
如有问题请联系客服。
请填写联系人信息。
投保人须知请仔细阅读。
收件人地址不详，请补充。
签收人签字后生效。
车主服务平台已上线。
客户经理会尽快联系您。
借款人应按时还款。
尊敬的客户，您的账单已出。
持卡人本人到网点办理。
王先生的车已经修好了。
刘女士反映快递延误。
张经理明天出差。
赵师傅下午上门安装。
联系人：王女士
收件人：李先生
客户姓名：张**
签收人：陈*
李某某，男，35岁。
高新技术企业认定
黄金周出行高峰
周末愉快
万家灯火
张灯结彩
李子成熟了
方便面
金牌会员
安全提示
地址内蒙古自治区锡林郭勒盟二连浩特市世纪花城4号楼
新疆巴音郭楞蒙古自治州库尔勒市人民东路
伊犁哈萨克自治州霍尔果斯市口岸大道
收货地址：呼伦贝尔市满洲里市五道街
克孜勒苏柯尔克孜自治州阿图什市
阿拉善盟额济纳旗达来呼布镇
乌兰察布市集宁区
西双版纳傣族自治州景洪市
""".strip().split("\n")

# Latin-letter identifiers that are not names (``{w}``: random letters).
ID_FRAMES = """
加微信{w}了解详情。
微信号：{w}
我的微信是{w}，加的时候备注来意。
用户名{w}已注册成功。
请使用账号{w}登录系统。
邀请码{w}，有效期7天。
无线网络名称{w}，密码见前台。
优惠码{w}可抵扣20元。
""".strip().split("\n")

# Ordinary words that begin with a surname character: on their own they are
# table cells or list items, never names.
NEGATIVE_WORDS = """
高兴 黄金 王国 周末 万元 张贴 高速 高级 高中 黄色 黄河 王牌 王者 周年 周期 周边 万能 万达 张开 张家界
李子 刘海 陈列 陈旧 杨树 赵州桥 吴江 徐州 孙子 马路 马上 马桶 朱砂 胡椒 郭外 何必 何况 林业 林场 罗马
郑重 梁山 谢谢 宋体 唐装 许可 韩国 冯家 于是 董事 萧山 程序 曹县 袁州 邓州 沈阳 曾经 彭湖 吕梁 苏州
卢湾 蒋村 蔡甸 贾汪 丁香 魏县 薛城 叶片 阎王 余额 潘家园 杜鹃 戴帽 夏季 钟点 汪洋 田地 任务 姜黄
范围 方便 方法 方案 石头 姚安 谭家 廖家 邹平 熊猫 金额 金融 金属 陆地 郝家 孔雀 白色 白天 崔家 康复
毛巾 毛利 邱家 秦岭 江苏 江西 史料 顾客 顾问 侯马 邵东 孟加拉 龙头 龙虾 万一 段落 钱包 汤圆 尹家
黎明 易燃 常规 常用 武汉 乔木 贺卡 赖账 龚家 文件 文化 文字 庞大 樊城 兰花 殷切 施工 陶瓷 洪水 翟家
安全 安装 安排 颜色 倪家 严格 牛奶 温度 季度 俞家 章程 鲁菜 葛根 伍佰 申请 尤其 毕业 聂家 焦点 向日葵
柳树 邢台 路面 岳阳 齐全 梅花 莫非 庄稼 辛苦 管理 祝福 左转 涂料 谷物 时间 舒适 成本 成功 游戏 阳光
宁静 包装 司机 单位 华为 车辆 房屋 边境 古代 米饭 池塘 全部 连续 商品 计划 冷水 卓越 花园 艾草 蓝色
都市 明天 沙发 和平 水果 云南 平安 元旦 农业 尚未 幸福 门口 年龄 利息 师傅 权利 国家 东方 海洋 红色
已完成 男 女 未知 正常 待审核 有效 无 合计 备注 北京市 上海 全国 客户 用户 先生 女士
""".split()

# Parts of Uyghur, Kazakh and other names written with a middle dot.
DOT_PARTS = ("买买提", "艾买提", "阿不都", "热合曼", "吐尔逊", "努尔", "古丽", "阿依古丽", "迪丽拜尔",
              "帕提古丽", "依力哈木", "艾尼瓦尔", "阿布来提", "如则", "米娜", "阿力木", "艾克拜尔",
              "玉素甫", "肉孜", "托合提", "吾斯曼", "阿迪力", "木拉提", "沙比提", "哈斯木", "塔依尔",
              "约翰", "史密斯", "玛丽亚", "安娜", "彼得", "伊万诺夫", "穆罕默德", "阿里")
_DIGITS = "0123456789"


def synth_name(rng: random.Random, given_pool: list[str] | None = None) -> str:
    """A generated name: mostly Han (frequency-weighted, or any surname so
    rare ones are seen), some with a middle dot."""
    r = rng.random()
    if r < 0.04:
        return "·".join(rng.sample(DOT_PARTS, rng.choice((2, 2, 3))))
    if r < 0.6:
        return person_name.generate(rng)
    if r < 0.75:
        # Common surname + one common given character (张伟, 李静): without
        # these, the two-character prefixes of generated three-character
        # names (张伟强) teach the model that 张伟 is no name.
        surname, given = person_name.split(person_name.generate(rng))
        return surname + given[:1]
    single, compound = person_name._surnames()
    surname = rng.choice(sorted(compound)) if rng.random() < 0.16 else rng.choice(sorted(single))
    n = 1 if rng.random() < 0.45 else 2  # two-character names are the harder half
    if given_pool and rng.random() < 0.5:
        return surname + "".join(rng.choice(given_pool) for _ in range(n))
    g = person_name.generate(rng)
    given = person_name.split(g)[1]
    return surname + (given[:n] if len(given) >= n else given)


def sentence(rng: random.Random, frame: str, given_pool: list[str] | None = None) -> tuple[str, list]:
    """Fill ``frame``: (text, [(start, end, name)])."""
    out, spans, i = [], [], 0
    for m in re.finditer(r"\{(n2|n3|n|d|w)\}", frame):
        out.append(frame[i:m.start()])
        pos = sum(len(x) for x in out)
        if m.group(1) == "w":
            letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            out.append("".join(rng.choice(letters) for _ in range(rng.randint(5, 14))))
        elif m.group(1) == "d":
            out.append("".join(rng.choice(_DIGITS) for _ in range(rng.choice((4, 8, 11)))))
        else:
            name = synth_name(rng, given_pool)
            spans.append((pos, pos + len(name), name))
            out.append(name)
        i = m.end()
    out.append(frame[i:])
    return "".join(out), spans


def documents(rng: random.Random, n: int, frames=TRAIN_FRAMES, negatives=NEGATIVES,
              given_pool: list[str] | None = None, prefix: str = "synth") -> list[dict]:
    """``n`` documents in the shared/data JSON shape; about one in four has no name."""
    docs = []
    for k in range(n):
        r = rng.random()
        if r < 0.06:  # table cells: a bare word, or a bare name
            text, spans = rng.choice(NEGATIVE_WORDS), []
        elif r < 0.12:
            text, spans = sentence(rng, "{n}", given_pool)
        elif r < 0.14:
            text, spans = sentence(rng, rng.choice(ID_FRAMES), given_pool)
        elif rng.random() < 0.25:
            text, spans = rng.choice(negatives), []
            if rng.random() < 0.5:  # negatives next to a name-bearing sentence
                t2, s2 = sentence(rng, rng.choice(frames), given_pool)
                spans = [(a + len(text), b + len(text), x) for a, b, x in s2]
                text = text + t2
        else:
            text, spans = sentence(rng, rng.choice(frames), given_pool)
        docs.append({"id": f"{prefix}-{k:05d}", "text": text,
                     "spans": [{"start": a, "end": b, "entity": "PERSON_NAME", "text": x} for a, b, x in spans]})
    return docs
