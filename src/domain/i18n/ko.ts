import type { Messages } from './en.ts';

/**
 * Korean messages. Names are always followed by a fixed noun (배우, 역, 감독) or punctuation, so no
 * sentence needs a particle (은/는, 이/가) chosen by the last syllable of a name from the data.
 */
export const ko = {
  common: {
    runtimeMinutes: '{{m}}분',
    runtimeHours: '{{h}}시간',
    runtimeHoursMinutes: '{{h}}시간 {{m}}분',
    filmLabel: '〈{{title}}〉({{year}})',
    whereToWatch: '{{platform}}({{region}})',
    workWithDetails: '{{title}}({{details}})',
    nameWithAliases: '{{name}}(또는 {{aliases}})',
  },
  cast: {
    choiceActor: '{{actor}} ({{character}} 역)',
    choiceCharacter: '{{character}} ({{actor}} 배우)',
    choiceDirector: '{{director}} ({{role}})',
  },
  interaction: {
    staleButton:
      '이 버튼은 더 이상 작동하지 않아요. {{command}} 명령을 다시 실행해 새 버튼을 받으세요.',
    staleButtonAnyCommand:
      '이 버튼은 더 이상 작동하지 않아요. 명령을 다시 실행해 새 버튼을 받으세요.',
    unknownCommand:
      '/{{command}} 명령은 (이제) 없어요. `/도움말`(`/help`)로 제가 할 수 있는 일을 확인하세요.',
    unsupported:
      '그건 제가 처리할 수 없어요. `/도움말`(`/help`)로 제가 할 수 있는 일을 확인하세요.',
    storeUnavailableWrite:
      '저장하지 못했어요. 아무것도 바뀌지 않았어요: 지금 제 저장소가 응답하지 않아요. 1분 뒤에 다시 해 주세요.',
    storeUnavailableRead:
      '지금 제 저장소에 연결할 수 없어서 답할 수 없어요. 1분 뒤에 다시 해 주세요.',
    releaseMayBeStale:
      '지금 제 저장소가 응답하지 않아서, 개봉일은 제가 마지막으로 알던 날짜예요. 그 뒤에 바뀐 날짜는 아직 안 보일 수 있어요.',
    unexpected:
      '제 쪽에서 문제가 생겨 끝내지 못했어요. 기록해 두었으니 잠시 뒤에 다시 시도해 주세요.',
    filmGone: '이 버튼의 영화는 이제 다루지 않아요. `/영화`(`/film`)로 다시 찾아보세요.',
  },
  help: {
    title: 'Premiere: 영화 정보와 공개 카운트다운',
    intro:
      '제가 가진 영화 데이터로 영화에 대한 질문에 답하고, 영화가 공개되기 전에 알려 드리고, 채널에 카운트다운을 올려요.',
    tracked: '제가 다루는 영화: {{films}}.',
    trackedNone: '제가 다루는 영화: 아직 없어요.',
    pickTitle: '`제목` 옵션에 제목을 입력하기 시작하면 목록에서 영화를 고를 수 있어요.',
    facts: {
      name: '영화 정보',
      film: '`/영화 제목`(`/film`): 공개 시각이 담긴 개요와 출연진·줄거리·알림 받기 버튼',
      cast: '`/출연진 제목 [인물]`(`/cast`): 출연진 전체, 또는 배우나 등장인물 한 명(어떤 표기든)',
      synopsis: '`/줄거리 제목`(`/synopsis`): 영화의 줄거리',
      ask: '`/질문 질문 [제목]`(`/ask`): 예: "최 역은 누가 맡았어?", "러닝타임이 얼마야?", "넷플릭스에 언제 나와?"',
    },
    reminders: {
      name: '알림',
      remindme:
        '`/알림받기 제목 [언제] [어디서]`(`/remindme`): 공개 일주일 전, 하루 전(기본), 한 시간 전 또는 공개 시각에, DM(기본)이나 이 채널로 알려 드려요',
      reminders:
        '`/알림목록 목록` · `/알림목록 취소` · `/알림목록 모두삭제`(`/reminders`): 내 알림을 보고 취소하기',
      cap: '알림은 한 번에 {{max}}개까지 둘 수 있어요.',
    },
    countdowns: {
      name: '카운트다운 (서버 관리 권한 필요)',
      value:
        '`/카운트다운 시작 채널 제목 [시각] [시간대] [방식] [이벤트]` · `/카운트다운 중지` · `/카운트다운 현황`(`/countdown`): 채널에 자동으로 카운트다운을 올려요. `이벤트`를 켜면 공개일 서버 이벤트도 추가해요(이벤트 관리 권한 필요)',
    },
    release: {
      name: '공개일',
      value:
        '`/공개일 보기 제목`: 제가 쓰는 공개 시각 · `/공개일 변경 제목 날짜 [시간대]`: 봇 소유자만(`/release`)',
    },
    stored: {
      name: '저장하는 정보',
      reminders: '• 내 알림: 사용자 ID, 영화, 알림 시점, 받을 곳(DM 또는 채널), 요청한 언어',
      dmChannel: '• 내게 연락할 때 쓰는 DM 채널 ID',
      countdowns: '• 서버별 카운트다운 설정: 채널, 영화, 시각, 시간대, 방식',
      releases: '• 영화별 공개 시각',
      nothingElse: '그 밖에는 아무것도 저장하지 않아요. 메시지 내용도 저장하지 않아요.',
    },
    deleting: {
      name: '내 정보 삭제',
      value:
        '`/알림목록 모두삭제`(`/reminders clear`)로 내 알림 전부와 저장된 DM 채널 ID를 지울 수 있어요. 서버의 카운트다운 설정은 `/카운트다운 중지`(`/countdown stop`)로 함께 지워져요.',
    },
  },
  remindme: {
    dmCopy: '✅ {{film}} 알림 설정 완료: {{when}}, 여기 DM으로 알려 드릴게요. {{at}}.',
    dmClosed:
      'DM을 보낼 수 없어요: 저에게서 오는 DM이 막혀 있어서 DM 알림은 도착하지 못해요. 그래서 알림을 저장하지 않았어요. 이 서버 멤버의 DM을 허용(개인정보 보호 설정)한 뒤 다시 요청하거나, 대신 이 채널에서 알림을 받으세요:',
    dmClosedNoHere:
      'DM을 보낼 수 없어요: 저에게서 오는 DM이 막혀 있어서 DM 알림은 도착하지 못해요. 그래서 알림을 저장하지 않았어요. 서버 멤버의 DM을 허용한 뒤 다시 요청하거나, 서버 채널에서 `/알림받기`(`/remindme`)의 `어디서`(`where`)를 `여기, 이 채널에서 (나만 멘션)`(`here`)으로 고르세요.',
    hereInstead: '대신 여기서 알려 주세요',
    addedDm: '✅ **{{film}}** {{offset}}에 DM으로 알려 드릴게요: {{dueAt}}.',
    addedHere: '✅ **{{film}}** {{offset}}에 여기 {{channel}}에서 알려 드릴게요: {{dueAt}}.',
    comesOut: '공개: {{where}}, {{release}}.',
    keepDmsOpen:
      '서버 멤버의 DM을 허용해 두세요. 그렇지 않으면 알려 드릴 수 없어요. `/알림목록 목록`(`/reminders list`)으로 내 알림을 볼 수 있어요.',
    another: '다른 알림도 추가할까요?',
    duplicateDm: '이미 있는 알림이에요: **{{film}}** {{offset}}, DM, {{dueAt}}. 바뀐 건 없어요.',
    duplicateHere:
      '이미 있는 알림이에요: **{{film}}** {{offset}}, 여기 {{channel}}, {{dueAt}}. 바뀐 건 없어요.',
    capReached:
      '이미 알림이 {{max}}개 있어요. 한 사람이 둘 수 있는 최대 개수예요. `/알림목록 취소`(`/reminders cancel`)로 하나를 취소한 뒤(목록은 `/알림목록 목록`) 다시 요청해 주세요.',
    passed: {
      week: '**{{film}}** 공개 일주일 전 시각({{dueAt}})은 이미 지났어요.',
      day: '**{{film}}** 공개 하루 전 시각({{dueAt}})은 이미 지났어요.',
      hour: '**{{film}}** 공개 한 시간 전 시각({{dueAt}})은 이미 지났어요.',
      release: '**{{film}}** 공개 시각({{dueAt}})은 이미 지났어요.',
    },
    stillAhead: '아직 이때 알려 드릴 수 있어요: {{offsets}}',
    outNow:
      '**{{film}}** 지금 볼 수 있어요: {{where}}에서 {{release}}에 공개됐어요. 더 알려 드릴 게 없으니 거기서 보세요.',
    button: {
      week: '일주일 전',
      day: '하루 전',
      hour: '한 시간 전',
      release: '공개 시각에',
    },
    hereOutsideServer:
      '`어디서`(`where`)를 `여기, 이 채널에서 (나만 멘션)`(`here`)으로 고르는 건 서버 채널에서만 할 수 있어요. 여기서는 `어디서`(`where`)를 비워 두면 DM으로 알려 드려요.',
    notTextChannel:
      '알림은 텍스트 채널에만 올릴 수 있어요. 텍스트 채널에서 실행하거나 `어디서`(`where`)를 비워 DM으로 받으세요.',
    cannotPost:
      '{{channel}}에 글을 올릴 수 없어요(채널 보기와 메시지 보내기 권한이 필요해요). 여기로는 알림이 가지 않아요.',
    cannotPostHint:
      '`어디서`(`where`)를 비워 DM으로 받거나, 관리자에게 제가 여기에 글을 올릴 수 있게 해 달라고 하세요.',
    cannotSee: '{{channel}} 채널이 보이지 않아서 거기로는 알림이 가지 않아요.',
    notAChoiceWhen:
      '"{{value}}"는 선택지가 아니에요: `일주일 전`(`week`), `하루 전 (기본)`(`day`), `한 시간 전`(`hour`), `공개 시각에`(`release`) 중에서 고르세요.',
    notAChoiceWhere:
      '"{{value}}"는 선택지가 아니에요: `DM으로 (기본)`(`dm`) 또는 `여기, 이 채널에서 (나만 멘션)`(`here`) 중에서 고르세요.',
    staleButton: '이 버튼은 더 이상 작동하지 않아요. `/알림받기`(`/remindme`)를 쓰세요.',
  },
  countdown: {
    outNow: '〈{{title}}〉 지금 {{where}}에서 볼 수 있어요! ({{relative}} 공개)',
    tomorrow: '〈{{title}}〉 내일 {{where}} 공개 ({{relative}})',
    minutes_other: '〈{{title}}〉 {{count}}분 후 {{where}} 공개 ({{relative}})',
    hours_other: '〈{{title}}〉 {{count}}시간 후 {{where}} 공개 ({{relative}})',
    days_other: '〈{{title}}〉 {{count}}일 후 {{where}} 공개 ({{relative}})',
    outNowField: '지금 {{where}}에서 볼 수 있어요',
    onField: '{{where}}',
    directedBy: '감독',
  },
  countdownCommand: {
    outsideServer:
      '카운트다운은 서버 채널에서 동작해요. 서버에서 `/카운트다운`(`/countdown`)을 실행하세요.',
    notManager: '서버 관리 권한이 있는 멤버만 카운트다운을 관리할 수 있어요.',
    unknownSubcommand:
      '`/카운트다운 시작`, `/카운트다운 중지`, `/카운트다운 현황` 중 하나를 사용하세요.',
    notTextChannel:
      '{{channel}} 채널은 텍스트 채널이 아니에요. 텍스트 채널이나 공지 채널을 고르세요.',
    badTime: '읽을 수 없는 시각이에요: "{{input}}".',
    badTimeHint: '24시간제 HH:MM 형식으로 입력하세요. 예: 09:00, 18:30.',
    missingPermissions:
      '{{channel}} 채널에 카운트다운을 올릴 수 없어요. 그 채널에서 제게 없는 권한: {{permissions}}.',
    missingPermissionsHint:
      '그 채널에서 제 역할에 {{permissions}} 권한을 준 뒤(채널 편집 → 권한) `/카운트다운 시작`(`/countdown start`)을 다시 실행하세요.',
    permission: {
      viewChannel: '채널 보기',
      sendMessages: '메시지 보내기',
      embedLinks: '링크 첨부',
    },
    outNow: '〈{{title}}〉 이미 {{where}}에서 공개됐어요({{release}}). 더 카운트다운할 게 없어요.',
    alreadyActive: '{{channel}} 채널은 이미 〈{{title}}〉 카운트다운 중이에요: {{schedule}}.',
    alreadyActiveHint:
      '바꾸려면 먼저 그 채널에서 `/카운트다운 중지`(`/countdown stop`)를 실행한 뒤 다시 시작하세요.',
    stoppedMeanwhile: '그 카운트다운은 방금 중지됐어요. 명령을 다시 실행하세요.',
    full: '이 서버에는 이미 카운트다운이 {{running}}개 실행 중이에요. 서버당 최대 {{max}}개까지예요.',
    fullHint: '먼저 `/카운트다운 중지`(`/countdown stop`)로 하나를 중지하세요: {{channels}}.',
    exists: '{{channel}} 채널은 이미 〈{{title}}〉 카운트다운 중이에요.',
    existsHint:
      '`/카운트다운 현황`(`/countdown status`)으로 확인하고 `/카운트다운 중지`(`/countdown stop`)로 끝낼 수 있어요.',
    started: '{{channel}} 채널에서 **〈{{title}}〉** 카운트다운을 시작했어요: {{schedule}}.',
    resumed: '{{channel}} 채널에서 **〈{{title}}〉** 카운트다운을 다시 시작했어요: {{schedule}}.',
    firstPost: '첫 게시: {{at}}.',
    liveSoon: '실시간 메시지가 몇 초 안에 나타나요.',
    release: '공개: {{where}}, {{release}}.',
    zoneFromServer:
      '시간대: {{zone}}. 이 서버의 다른 카운트다운과 같은 시간대예요. 다른 시간대를 쓰려면 `시간대` 옵션을 추가하세요.',
    zoneDefault: '시간대: {{zone}}(기본값). 다른 시간대를 쓰려면 `시간대` 옵션을 추가하세요.',
    eventNeedsPermission:
      '공개 일정을 서버 이벤트로 추가하지 못했어요: 이벤트 관리 권한이 필요해요. 권한을 준 뒤 `이벤트`를 켜고 `/카운트다운 시작`(`/countdown start`)을 다시 실행하세요.',
    eventExists: '공개 일정 서버 이벤트는 이미 있어요.',
    eventAdded: '공개 일정을 서버 이벤트로 추가했어요: {{url}}',
    eventRefused:
      '공개 일정을 서버 이벤트로 추가하지 못했어요: Discord가 거부했어요. 카운트다운은 그대로 실행 중이에요.',
    eventName: '{{film}} {{where}} 공개',
    noCountdown: '{{channel}} 채널에는 카운트다운이 없어요.',
    noCountdownHint:
      '`/카운트다운 현황`(`/countdown status`)으로 이 서버의 카운트다운 목록을 볼 수 있어요.',
    stoppedTitle: '**〈{{title}}〉**',
    stopped:
      '{{channel}} 채널의 {{titles}} 카운트다운을 중지했어요. 이미 올린 메시지는 그대로 남아요.',
    noneYet:
      '이 서버에는 아직 카운트다운이 없어요. `/카운트다운 시작`(`/countdown start`)으로 시작해 보세요.',
    schedule: {
      post: '매일 {{time}} {{zone}}(현재 {{offset}})에 게시, 공개 한 시간 전에 한 번 더, 공개 시각에 "지금 공개" 게시',
      live: '실시간 메시지 하나를 매시간 갱신(마지막 한 시간은 매분, 날짜는 {{zone}}(현재 {{offset}}) 기준), 공개 시각에 "지금 공개"로 전환',
    },
    status: {
      title: '카운트다운',
      titleIn: '{{guild}} 서버의 카운트다운',
      footer: '시각은 각자의 시간대로 보여요. 서버당 카운트다운은 최대 {{max}}개예요.',
      fieldName: '{{film}} · {{state}}',
      state: {
        active: '실행 중',
        paused: '일시 중지',
        finished: '완료',
        ended: '종료',
      },
      where: '{{channel}}: {{schedule}}',
      liveMessage: '실시간 메시지: {{url}}',
      nextPost: '다음 게시: {{at}}',
      nextUpdate: '다음 갱신: {{at}}',
      paused:
        '일시 중지됨: {{reason}}. 문제를 해결한 뒤 `/카운트다운 시작`(`/countdown start`)을 다시 실행하면 재개돼요.',
      pausedUnknown: 'Discord가 게시를 거부함',
      finished: '{{relative}} "지금 공개" 게시로 끝났어요.',
      endedChannelDeleted: '종료: 채널이 삭제됐어요.',
      endedServerGone: '종료: 제가 더 이상 그 서버에 없어요.',
      ended: '종료됐어요.',
      last: '최근 결과: {{result}}',
    },
    pauseReason: {
      missing_access: '그 채널이 더 이상 보이지 않아요(Missing Access, {{code}})',
      missing_permissions:
        '거기에 글을 올릴 권한이 없어요(Missing Permissions, {{code}}). 채널 보기, 메시지 보내기, 링크 첨부 권한이 필요해요',
      thread_closed:
        '스레드가 보관되었거나 잠겼어요({{code}}). 스레드를 다시 열거나 다른 채널에서 카운트다운을 시작하세요',
      not_text_channel:
        '그 채널이 더 이상 제 메시지를 받지 않아요({{code}}). 텍스트 채널에서 카운트다운을 시작하세요',
      blocked:
        '서버의 AutoMod가 제 게시물을 막았어요({{code}}). 허용하거나 다른 곳에서 카운트다운을 시작하세요',
    },
    result: {
      posted: '{{when}} 게시함',
      postedLate: '{{when}} 게시함(늦음: 예정 시각에 제가 오프라인이었어요)',
      edited: '{{when}} 실시간 메시지 갱신함',
      reposted: '실시간 메시지가 삭제되어 {{when}} 새로 게시함',
      skipped: '{{slot}} 예정 게시를 건너뜀: 제가 6시간 넘게 오프라인이었어요',
      failed: '{{when}} 실패: Discord 오류 {{number}}({{code}})',
      code: {
        timeout: '시간 초과',
        rateLimited: '요청 한도 초과',
        channelDeleted: '채널 삭제됨',
        serverGone: '서버 없음',
        messageDeleted: '메시지 삭제됨',
        missingAccess: '접근 권한 없음',
        missingPermissions: '권한 없음',
        threadArchived: '스레드 보관됨',
        threadLocked: '스레드 잠김',
        notTextChannel: '텍스트 채널 아님',
        wrongChannelType: '잘못된 채널 유형',
        autoMod: 'AutoMod가 차단함',
        harmfulLinks: '유해 링크 필터가 차단함',
        other: '오류',
      },
    },
  },
  releaseCommand: {
    comesOut: '**{{film}}** {{where}}에서 공개돼요: {{release}}.',
    cameOut: '**{{film}}** {{where}}에서 공개됐어요: {{release}}.',
    storedAs: '저장된 값: `{{local}}` {{zone}} ({{offset}}).',
    movedFrom: '{{relative}} {{previous}}에서 옮겨졌어요.',
    ownersOnly:
      '공개일은 봇 소유자만 바꿀 수 있어요. 지금 공개일은 `/공개일 보기`(`/release show`)로 볼 수 있어요.',
    unchanged: '이미 **{{film}}**의 공개일이에요: {{release}}. 바뀐 건 없어요.',
    movedHead: '**{{film}}** 공개일을 옮겼어요:',
    was: '이전: {{release}}',
    now: '변경: {{release}}, 저장된 값: `{{local}}` {{zone}} ({{offset}}).',
    ambiguous:
      '그 현지 시각은 두 번 있어요(그날 밤 시계를 한 시간 되돌려요). 첫 번째 시각으로 정했어요.',
    follows:
      '알림과 카운트다운도 함께 옮겨져요. 이 영화 알림이 있는 사람은 모두 이전 날짜와 새 날짜가 담긴 DM을 한 번 받아요.',
    unreadable: '날짜와 시각으로 읽을 수 없어요: "{{text}}".',
    example: '`YYYY-MM-DD HH:mm` 형식으로 입력하세요. 예: `2023-10-06 08:00`.',
    implausibleYear: '{{year}}년은 공개 연도로 맞지 않아요.',
    notReal: '존재하지 않는 날짜나 시각이에요: {{text}}.',
    notRealHint: '그 달에 있는 날짜인지, 시각이 00:00에서 23:59 사이인지 확인하세요.',
    skipped:
      '{{zone}}에는 없는 시각이에요: {{text}}. 그때 시계가 앞으로 당겨져서 그 현지 시각은 건너뛰어요.',
    skippedHint: '건너뛰는 시간을 피해서 고르세요. 예: {{suggestion}}.',
  },
  timeZone: {
    unknown: '모르는 시간대예요: "{{input}}".',
    noDaylightSaving: '{{input}}에는 서머타임이 없어요.',
    noDaylightSavingGuess: '{{input}}에는 서머타임이 없어요. 혹시 이 시간대인가요: {{places}}?',
    abbreviation: '시간대가 아니라 약어예요: {{input}}.',
    abbreviationGuess: '시간대가 아니라 약어예요: {{input}}. 혹시 이 시간대인가요: {{places}}?',
    fixedOffset: '서머타임이 없는 고정 오프셋이에요: {{input}}.',
    fixedOffsetGuess:
      '서머타임이 없는 고정 오프셋이에요: {{input}}. 혹시 이 시간대인가요: {{places}}?',
    namePlace:
      '원하는 시계가 있는 장소를 적어 주세요(Europe/London, America/New_York, Asia/Seoul 같은 IANA 시간대). 그러면 그곳의 서머타임을 따라가요. 바뀌지 않는 시계를 원하면 UTC를 쓰세요.',
  },
  reminder: {
    offset: {
      week: '공개 일주일 전',
      day: '공개 하루 전',
      hour: '공개 한 시간 전',
      release: '공개 시각',
    },
    film: '**{{film}}**',
    week: '⏰ 일주일 남았어요! {{ping}}**{{film}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
    day: '⏰ 하루 남았어요! {{ping}}**{{film}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
    hour: '⏰ 한 시간 남았어요! {{ping}}**{{film}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
    release: '⏰ {{ping}}**{{film}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
    late: '⏰ {{ping}}늦어서 죄송해요. 이 알림은 {{dueAt}}({{offset}})에 보낼 예정이었는데 그때 제가 오프라인이었어요. **{{film}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
    outNow: '🍿 {{ping}}**{{film}}** 지금 {{where}}에서 볼 수 있어요!',
    outNowLate:
      '🍿 {{ping}}**{{film}}** 지금 {{where}}에서 볼 수 있어요! 공개: {{relative}} ({{dateTime}}). 알림 시각에 제가 오프라인이어서 늦게 알려 드려 죄송해요.',
    fallback: '{{channel}}에 알림을 올리지 못해서({{why}}) DM으로 보내요:',
    fallbackWhy: {
      unknown_channel: '채널이 없어졌어요',
      missing_access: '채널이 더 이상 보이지 않아요',
      missing_permissions: '채널에 글을 올릴 권한이 없어졌어요',
      thread_closed: '스레드가 보관되었거나 잠겼어요',
      not_text_channel: '채널이 더 이상 메시지를 받지 않아요',
      blocked: '서버의 AutoMod가 막았어요',
    },
    releaseChanged: {
      head: '📅 **{{film}}**의 {{where}} 공개일이 바뀌었어요.',
      was: '이전: ~~{{dateTime}}~~',
      nowOut: '변경: {{dateTime}}. 지금 볼 수 있어요.',
      now: '변경: {{dateTime}} ({{relative}})',
      doneTail: '이 영화의 알림은 끝났어요.',
      movedTail:
        '알림도 함께 옮겨졌어요. 날짜가 바뀔 때 이미 시각이 지나 있던 알림은 이 메시지로 대신해요.',
    },
  },
  catalogue: {
    emptyTitle: '어떤 영화인가요? 제목이 비어 있어요.',
    titleTooLong: '제목이 {{length}}자예요. 제가 아는 제목은 {{max}}자를 넘지 않아요.',
    unreadableTitle: '영화 제목을 읽지 못했어요: {{typed}}. 글자나 숫자로 입력해 주세요.',
    severalFilms:
      '같은 제목의 영화가 여러 편이에요: {{typed}}. 목록에서 고르거나 연도를 붙여 주세요.',
    confused: '다루지 않는 영화예요: {{typed}}. {{note}}',
    notSure: '어느 영화인지 잘 모르겠어요: {{typed}}. 이 영화인가요?',
    unknownFilm: '다루지 않는 영화예요: {{typed}}. 제가 아는 영화:',
  },
  film: {
    heading: '{{title}} · {{year}}',
    titleWithOriginal: '{{title}} ({{original}})',
    runtime: '러닝타임',
    genre: '장르',
    release: '공개',
    releaseUpcoming: '{{where}}: {{dateTime}} ({{relative}})',
    releaseOut: '지금 {{where}}에서 볼 수 있어요 (공개일: {{date}})',
    leadCast: '주연',
    cast: '출연진',
    castLine: '**{{actor}}** 배우: {{character}} 역',
    notConfused: '헷갈리지 마세요',
    // An embed footer shows no markdown, so the commands are plain text here.
    more: '/출연진(/cast), /줄거리(/synopsis), /질문(/ask)으로 더 알아보세요',
    buttonCast: '출연진',
    buttonSynopsis: '줄거리',
    buttonRemind: '알림 받기',
    buttonDetails: '자세히',
    synopsisTitle: '{{film}}: 줄거리',
  },
  castEmbed: {
    title: '{{film}}: 출연진',
    director: '{{role}}: **{{director}}**',
    alsoSpelled: '다른 표기: {{names}}',
    alsoIn: '다른 출연작: {{works}}',
    alsoInHeading: '다른 출연작',
    castLine: '{{actor}} 배우: {{character}} 역',
    more_other: '그 밖에 {{count}}명',
    moreHint: '`/출연진 인물:`(`/cast person:`)로 한 명씩 물어보세요.',
    directorOf: '{{film}}의 {{role}}.',
    earlierWork: '이전 작품',
    actor: '배우',
    character: '역',
    plays: '{{actor}} 배우가 {{character}} 역을 맡았어요.',
    personTitle: '{{person}} · {{film}}',
    noName:
      '`인물`(`person`) 옵션에 이름이 없어요. {{film}}의 배우나 등장인물 이름을 입력하거나, 비워 두면 출연진 전체를 보여 드려요:',
    nameTooLong: '이름이 {{length}}자예요. 제가 아는 이름은 {{max}}자를 넘지 않아요.',
    unknownPerson: '제가 아는 한 {{film}}에 없는 이름이에요: {{name}}. 출연진:',
  },
  reminders: {
    previousPage: '◀ 이전',
    nextPage: '다음 ▶',
    pageOf: '{{pages}}쪽 중 {{page}}쪽',
    title: '내 알림',
    titleCount: '내 알림 ({{max}}개 중 {{count}}개)',
    empty:
      '알림이 없어요. `/알림받기`(`/remindme`)로 요청하거나 `/영화`(`/film`) 아래의 알림 받기 버튼을 누르세요.',
    // An embed footer shows no markdown, so the command is plain text here.
    footer:
      '/알림목록 모두삭제(/reminders clear)로 알림 전부와 저에게 저장된 내 정보를 모두 지울 수 있어요.',
    line: '**{{number}}.** {{film}} · {{offset}} · {{place}}',
    inChannel: '{{channel}} 채널',
    byDm: 'DM',
    notTracked: '더 이상 다루지 않는 영화',
    status: {
      sending: '⏳ 지금 보내는 중',
      sent: '✅ 보냄',
      sentAt: '✅ {{relative}}에 보냄',
      dm_closed:
        '⚠️ 전달 못 함: 저에게서 오는 DM이 막혀 있어요 (서버 멤버의 DM을 허용하거나 `/알림받기`(`/remindme`)의 `어디서`(`where`)를 이 채널로 고르세요)',
      failed: '❌ 전달 못 함: Discord가 계속 거부했어요',
      passed: '공개일이 바뀌면서 알림 시각이 지나갔어요',
    },
    cancelButton: '{{number}}번 취소',
    choiceDateFormat: "yyyy'년' M'월' d'일' HH:mm",
    choiceInChannel: '채널',
    cancelled: '취소했어요: {{film}}, {{offset}}, {{place}}.',
    cancelledFromList: '취소했어요: {{offset}}, {{place}}.',
    alreadyGone: '그 알림은 이미 없어요.',
    noneToCancel: '취소할 알림이 없어요.',
    ambiguous:
      '"{{typed}}"에 해당하는 알림이 {{matches}}개예요. 입력하면서 목록에서 하나를 고르거나 번호를 쓰세요.',
    notFound: '내 알림 중에 "{{typed}}"에 해당하는 알림이 없어요.',
    listHint: '`/알림목록 목록`(`/reminders list`)에서 알림마다 취소 버튼과 함께 볼 수 있어요.',
    clearedNone: '완료: 알림이 없었고, 이제 제가 저장한 내 정보는 없어요.',
    clearedOne:
      '완료: 알림과 제가 저장한 다른 정보(우리 DM 채널 ID)를 모두 지웠어요. 이제 제가 저장한 내 정보는 없어요.',
    clearedSeveral:
      '완료: 알림 {{count}}개와 제가 저장한 다른 정보(우리 DM 채널 ID)를 모두 지웠어요. 이제 제가 저장한 내 정보는 없어요.',
    usage: '`/알림목록 목록`, `/알림목록 취소`, `/알림목록 모두삭제` 중 하나를 쓰세요.',
  },
  ask: {
    empty: '영화에 대해 글로 질문해 주세요. 예를 들면:',
    tooLong: '질문이 {{length}}자예요. {{max}}자보다 짧게 써 주세요.',
    footer: '{{film}} 정보 · 제가 가진 영화 데이터로만 답해요',
    unknown: {
      noFilm: '그건 모르겠어요. 제가 아는 영화 데이터 안에서만 답할 수 있어요.',
      withFilm: '그건 모르겠어요. {{film}}에 대해 아는 것 안에서만 답하는데, 그 내용은 없어요.',
      topic:
        '그건 모르겠어요. {{film}} 데이터에 {{topic}} 정보는 없어서, 추측해서 답하지 않을게요.',
      canAnswer: '이런 질문에는 답할 수 있어요:',
    },
    topic: {
      dubbing: '더빙',
      subtitles: '자막',
      filming: '촬영 장소나 촬영',
      age: '나이나 생일',
      budget: '제작비나 흥행 성적',
      reviews: '평점이나 평가',
      sequel: '속편이나 시즌 2',
      music: '음악이나 OST',
      trailer: '예고편',
      scary: '얼마나 무섭거나 잔인한지, 관람 등급',
      awards: '수상',
      personal: '배우 사생활',
      crew: '제작진이나 제작사',
      source: '원작이나 실화 여부',
      ending: '결말',
      other: '그',
    },
    examples: {
      whoPlays: '{{character}} 역은 누가 맡았어?',
      whoIs: '{{actor}} 누구야?',
      director: '감독이 누구야?',
      otherWorks: '{{actor}} 다른 출연작은?',
      runtime: '러닝타임이 얼마야?',
      genre: '장르가 뭐야?',
      release: '{{platform}}에 언제 나와?',
      synopsis: '줄거리 알려줘',
      motive: '{{character}} 왜 복수해?',
      title: '영어 제목이 뭐야?',
      confusion: '{{other}} 나오는 그 영화야?',
    },
    exampleDefaults: {
      character: '주인공',
      actor: '주연 배우',
      platform: '스트리밍',
    },
    disambiguation: {
      no: '아니요. {{note}}',
      onlyTrack: '저는 {{film}}만 다뤄요. {{note}}',
    },
    cast: {
      heading: '{{film}} 출연진:',
      line: '• **{{actor}}** 배우: **{{character}}** 역',
      suggestion: '{{actor}} 배우: {{character}} 역',
      inline: '{{actor}}({{character}} 역)',
    },
    whoPlays: {
      byCharacter: '**{{character}}** 역: **{{actor}}** 배우가 연기해요.',
      byActor: '**{{actor}}** 배우는 {{film}}에서 **{{character}}** 역을 맡았어요.',
      director: '**{{director}}** 감독: {{film}}의 {{role}}. 출연 배우는 아니에요.',
    },
    whoIs: {
      character: '**{{character}}**: {{film}}에서 **{{actor}}** 배우가 연기하는 인물이에요.',
      actor: '**{{actor}}** 배우: {{film}}에서 **{{character}}** 역을 맡았어요.',
      alsoIn: '다른 출연작: {{works}}.',
    },
    inCast: {
      yesActor: '네. **{{actor}}** 배우가 {{film}}에서 **{{character}}** 역을 맡았어요.',
      yesCharacter: '네. **{{character}}** 역은 {{film}}에 나오고, **{{actor}}** 배우가 연기해요.',
      director: '**{{director}}** 감독은 출연진이 아니에요. {{film}}의 {{role}}입니다.',
      no: '제가 아는 한 아니에요. {{film}} 출연진 중 {{name}}에 해당하는 사람은 없어요. 출연진: {{cast}}.',
    },
    unknownPerson: '제가 아는 한 {{film}}에 {{name}}에 해당하는 사람은 없어요. 출연진:',
    otherWorks: {
      director: '**{{director}}** 감독이 {{film}} 전에 만든 작품: {{works}}.',
      directorNone: '**{{director}}** 감독이 {{film}} 말고 만든 작품은 몰라요.',
      actor: '**{{actor}}** 배우의 {{film}} 말고 다른 출연작: {{works}}.',
      actorNone: '**{{actor}}** 배우의 다른 출연작은 몰라요.',
      viaCharacter: '**{{character}}** 역은 **{{actor}}** 배우가 맡았어요.',
    },
    director: {
      sentence: '{{film}}의 {{role}}: **{{director}}** 감독.',
      earlier: '이전 작품: {{works}}.',
      noWriter:
        '{{film}}의 각본을 누가 썼는지는 몰라요. **{{director}}** 감독이 연출했다는 것만 알아요.',
    },
    runtime: '{{film}}의 러닝타임은 {{minutes}}분({{runtime}})이에요.',
    genre: '{{film}}의 장르: {{genres}}.',
    origin: {
      both: '{{film}}: {{country}} 영화, {{language}} 작품이에요.',
      country: '{{film}}: {{country}} 영화예요.',
      language: '{{film}}: {{language}} 작품이에요.',
    },
    year: '{{title}}: {{year}}년 작품이에요.',
    title: {
      original: '{{film}}의 원제: **{{original}}**. 영어 제목: **{{title}}**.',
      only: '{{film}}의 제목은 **{{title}}** 하나뿐이에요.',
    },
    release: {
      upcoming: '**{{title}}** 공개: {{where}}, {{dateTime}} ({{relative}}).',
      out: '**{{title}}** 지금 {{where}}에서 볼 수 있어요. 공개일: {{date}}.',
      onlyRegion:
        '제가 아는 건 {{region}} 공개뿐이에요. {{asked}} 정보는 없어요. 아래 시각은 내 시간대로 표시돼요.',
    },
    motive: {
      lead: '{{synopsis}}',
      blamed:
        '{{hero}} 역이 탓하는 인물: **{{character}}** 역(**{{actor}}** 배우). {{description}}',
    },
    whichFilm: '어떤 영화 말씀이세요? 질문에 제목을 넣거나 title 옵션으로 골라 주세요.',
    severalFilms:
      '질문에 영화가 여러 편 나와요. 한 편씩 물어보거나 title 옵션으로 하나를 골라 주세요.',
    filmMismatch: '질문은 {{named}}, title 옵션은 {{option}}. 어느 영화인가요?',
  },
} as const satisfies Messages;
