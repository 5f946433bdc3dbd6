"""Parts of fictional Chinese names. Demo people are built from a common surname and one or two
common given-name characters drawn by a seeded random.Random; none is a real person."""

import random

# Common surnames grouped by a rough weight (more frequent ones drawn more often), with a few that
# are common in western Fujian.
SURNAME_WEIGHTS = {
    10: "王李张",
    9: "陈",
    8: "刘",
    7: "黄林",
    6: "杨",
    5: "吴",
    4: "赵周罗曾",
    3: "徐孙朱胡郭何郑谢叶邱赖",
    2: "马梁宋唐许邓冯曹彭蔡余苏钟廖江雷温巫",
    1: "韩萧潘田董袁于蒋杜魏程吕丁沈任姚卢傅姜崔谭范汪陆金石戴夏方侯邹熊孟薛黎龙陶顾龚严洪伍游丘",
}

MALE_CHARS = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健亮俊峰浩凯宇文建志海林东晨阳旭彬博诚毅翔振庆荣铭锋晖睿轩哲昊泽然宏"
    "家国德永成良正远航启跃新"
)
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧琳颖倩洁萍红梅莉兰欣怡佳悦晶琴云月露瑶媛妍雯菲茜蕾薇琪涵萱思诗雨馨璐桂秀英珍"
SHARED_CHARS = "文明晓嘉春秋海晨雅天心宇安清和乐"

# Given names popular among children born around 2005.
STUDENT_MALE = "梓轩浩然宇航子涵俊杰博文一鸣天佑嘉豪思远泽宇宏睿皓宸煜晨奕辰"
STUDENT_FEMALE = "欣怡诗涵雨桐梓萱可馨语嫣思琪佳怡婉清雅琳梦瑶欣妍紫涵若曦"


class NameMaker:
    """Draws names that are unique among those it has drawn (one school's staff, or its students)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self._surnames = [name for names in SURNAME_WEIGHTS.values() for name in names]
        self._weights = [weight for weight, names in SURNAME_WEIGHTS.items() for _ in names]

    def _given(self, gender: str, *, student: bool) -> str:
        rng = self.rng
        if student:
            pool = STUDENT_MALE if gender == "M" else STUDENT_FEMALE
            pool += SHARED_CHARS
            single = 0.12
        else:
            pool = (MALE_CHARS if gender == "M" else FEMALE_CHARS) + SHARED_CHARS
            single = 0.35
        if rng.random() < single:
            return rng.choice(pool)
        first = rng.choice(pool)
        second = rng.choice(pool)
        while second == first:
            second = rng.choice(pool)
        return first + second

    def person(self, gender: str, *, student: bool = False) -> str:
        while True:
            surname = self.rng.choices(self._surnames, weights=self._weights)[0]
            name = surname + self._given(gender, student=student)
            if name not in self.used:
                self.used.add(name)
                return name
